import { useState, type FormEvent } from "react";
import { NO_PROBLEMS, toProblems, type Problems } from "../api/problems";
import { useAuth, useUser } from "../auth/AuthProvider";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { useI18n } from "../i18n/i18n";

const FIELDS = ["email", "code"] as const;

/** The address reminders may be mailed to, and the code that verifies it. */
export function EmailSection() {
  const { t } = useI18n();
  const { api, setUser } = useAuth();
  const user = useUser();
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [notice, setNotice] = useState<string | null>(null);

  const outcome = (error: unknown, message: string | null) => {
    setProblems(error === undefined ? NO_PROBLEMS : toProblems(error, FIELDS, t("app.error")));
    setNotice(error === undefined ? message : null);
  };
  const changeEmail = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email")).trim() || null;
    const { data, error } = await api.PATCH("/api/v1/users/me", { body: { email } });
    if (data) setUser(data);
    outcome(error, data?.email ? t("settings.codeSent", { email: data.email }) : t("settings.saved"));
  };
  const verify = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code"));
    const { data, error } = await api.POST("/api/v1/users/me/email/verification", { body: { code } });
    if (data) setUser(data);
    outcome(error, t("settings.emailConfirmed"));
  };
  const resend = async () => {
    const { data, error } = await api.POST("/api/v1/users/me/email/verification/resend");
    outcome(error, data ? t("settings.codeSent", { email: data.email }) : null);
  };

  return (
    <section className="card" aria-labelledby="email-title">
      <h2 id="email-title">{t("settings.email")}</h2>
      <form onSubmit={changeEmail} noValidate className="inline-form">
        <Field label={t("settings.email")} error={problems.fields.email}>
          {(control) => <input {...control} name="email" type="email" autoComplete="email" defaultValue={user.email ?? ""} />}
        </Field>
        <button type="submit">{t("settings.emailSave")}</button>
      </form>
      {user.email && <p>{t(user.email_verified ? "settings.emailVerified" : "settings.emailUnverified")}</p>}
      {user.email_unreachable && <p className="error">{t("settings.emailUnreachable")}</p>}
      {user.email && !user.email_verified && (
        <form onSubmit={verify} noValidate className="inline-form">
          <Field label={t("settings.code")} error={problems.fields.code}>
            {(control) => <input {...control} name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} />}
          </Field>
          <button type="submit">{t("settings.verify")}</button>
          <button type="button" onClick={resend}>{t("settings.resend")}</button>
        </form>
      )}
      <FormMessage error={problems.general} success={notice} />
    </section>
  );
}
