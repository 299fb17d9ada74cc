import { useState } from "react";
import type { Problems } from "../api/problems";
import type { QuietHours } from "../api/types";
import { Field } from "../components/Field";
import { useI18n } from "../i18n/i18n";

const hhmm = (time: string | undefined, fallback: string) => (time ? time.slice(0, 5) : fallback);

/** Quiet hours on or off, and when they start and end on the person's clock. */
export function QuietHoursFields({ quietHours, problems }: { quietHours: QuietHours | null; problems: Problems }) {
  const { t } = useI18n();
  const [on, setOn] = useState(quietHours !== null);
  const general = problems.fields.quiet_hours;
  return (
    <fieldset aria-describedby={general ? "quiet-error" : undefined}>
      <legend>{t("settings.quietHours")}</legend>
      <label className="check">
        <input type="checkbox" name="quiet_on" checked={on} onChange={(event) => setOn(event.target.checked)} />
        {t("settings.quietOn")}
      </label>
      {on && (
        <div className="row">
          <Field label={t("settings.quietStart")} error={problems.fields["quiet_hours.start"]}>
            {(control) => <input {...control} type="time" name="quiet_start" defaultValue={hhmm(quietHours?.start, "22:00")} />}
          </Field>
          <Field label={t("settings.quietEnd")} error={problems.fields["quiet_hours.end"]}>
            {(control) => <input {...control} type="time" name="quiet_end" defaultValue={hhmm(quietHours?.end, "08:00")} />}
          </Field>
          <label className="check">
            <input type="checkbox" name="quiet_urgent" defaultChecked={quietHours?.let_very_urgent_through} />
            {t("settings.letVeryUrgent")}
          </label>
        </div>
      )}
      {general && <p id="quiet-error" className="error">{general}</p>}
    </fieldset>
  );
}
