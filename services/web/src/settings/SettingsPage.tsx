import { useState, type FormEvent } from "react";
import { NO_PROBLEMS, toProblems, type Problems } from "../api/problems";
import { CHANNELS, type Channel, type User, type UserUpdate } from "../api/types";
import { useAuth, useUser } from "../auth/AuthProvider";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { isLanguage, LANGUAGES, useI18n } from "../i18n/i18n";
import { formatDurations, parseDurations } from "./durations";
import { EmailSection } from "./EmailSection";
import { QuietHoursFields } from "./QuietHoursFields";

const FIELDS = ["timezone", "language", "quiet_hours", "quiet_hours.start", "quiet_hours.end", "remind_before", "channels"] as const;
const ZONES = Intl.supportedValuesOf("timeZone");

function readSettings(form: HTMLFormElement, remindBefore: string[]): UserUpdate {
  const data = new FormData(form);
  const quiet = data.get("quiet_on") === "on";
  return {
    timezone: String(data.get("timezone")),
    language: String(data.get("language")),
    quiet_hours: quiet
      ? { start: String(data.get("quiet_start")), end: String(data.get("quiet_end")), let_very_urgent_through: data.get("quiet_urgent") === "on" }
      : null,
    remind_before: remindBefore,
    channels: data.getAll("channels").map(String) as Channel[],
  };
}

function channelHint(user: User, channel: Channel): "settings.channelTelegramOff" | "settings.channelEmailOff" | null {
  if (channel === "telegram") return user.telegram_chat_id === null ? "settings.channelTelegramOff" : null;
  return user.email_verified ? null : "settings.channelEmailOff";
}

/** The account's settings: zone, language, quiet hours, reminders before due dates, channels. */
export function SettingsPage() {
  const { t, language, setLanguage } = useI18n();
  const { api, setUser } = useAuth();
  const user = useUser();
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const remindBefore = parseDurations(String(new FormData(event.currentTarget).get("remind_before")));
    if ("unreadable" in remindBefore) {
      return setProblems({ fields: { remind_before: t("settings.remindBeforeInvalid", { part: remindBefore.unreadable }) }, general: null });
    }
    const { data, error } = await api.PATCH("/api/v1/users/me", { body: readSettings(event.currentTarget, remindBefore.durations) });
    setProblems(data ? NO_PROBLEMS : toProblems(error, FIELDS, t("app.error")));
    if (!data) return;
    setUser(data);
    if (isLanguage(data.language)) setLanguage(data.language);
    setSaved(true);
  };

  return (
    <>
      <h1>{t("settings.title")}</h1>
      <form className="card settings" onSubmit={submit} noValidate>
        <Field label={t("settings.timezone")} error={problems.fields.timezone}>
          {(control) => <input {...control} name="timezone" list="zones" defaultValue={user.timezone ?? ""} autoComplete="off" />}
        </Field>
        <datalist id="zones">{ZONES.map((zone) => <option key={zone} value={zone} />)}</datalist>
        <Field label={t("settings.language")} error={problems.fields.language}>
          {(control) => (
            <select {...control} name="language" defaultValue={user.language}>
              {LANGUAGES.map((language) => <option key={language} value={language}>{t(`language.${language}`)}</option>)}
            </select>
          )}
        </Field>
        <QuietHoursFields quietHours={user.quiet_hours ?? null} problems={problems} />
        <Field label={t("settings.remindBefore")} hint={t("settings.remindBeforeHint")} error={problems.fields.remind_before}>
          {(control) => (
            <input {...control} key={language} name="remind_before" defaultValue={formatDurations(user.remind_before ?? [], language)} />
          )}
        </Field>
        <fieldset aria-describedby={problems.fields.channels ? "channels-error" : undefined}>
          <legend>{t("settings.channels")}</legend>
          {CHANNELS.map((channel) => {
            const hint = channelHint(user, channel);
            return (
              <label key={channel} className="check">
                <input type="checkbox" name="channels" value={channel} defaultChecked={user.channels?.includes(channel)} />
                {t(`settings.channel.${channel}`)}
                {hint && <span className="hint channel-hint">{t(hint)}</span>}
              </label>
            );
          })}
          {problems.fields.channels && <p id="channels-error" className="error">{problems.fields.channels}</p>}
        </fieldset>
        <FormMessage error={problems.general} success={saved ? t("settings.saved") : null} />
        <button type="submit" className="primary">{t("settings.save")}</button>
      </form>
      <EmailSection />
    </>
  );
}
