import { tomorrowAt } from "../format";
import { useI18n } from "../i18n/i18n";

const HOUR_MS = 3600_000;

interface Props {
  timeZone: string | null;
  onSnooze(until: string): void;
}

/** A disclosure of snooze choices; each gives the moment to PATCH as `snoozed_until`. */
export function SnoozeMenu({ timeZone, onSnooze }: Props) {
  const { t } = useI18n();
  const inHours = (hours: number) => new Date(Date.now() + hours * HOUR_MS).toISOString();
  const choices = [
    { label: t("task.snoozeHour"), until: () => inHours(1) },
    { label: t("task.snoozeEvening"), until: () => inHours(3) },
    { label: t("task.snoozeMorning"), until: () => tomorrowAt("09:00", new Date(), timeZone) },
  ];
  return (
    <details className="snooze">
      <summary>{t("task.snooze")}</summary>
      <ul>
        {choices.map((choice) => (
          <li key={choice.label}>
            <button type="button" onClick={(event) => {
              event.currentTarget.closest("details")?.removeAttribute("open");
              onSnooze(choice.until());
            }}>
              {choice.label}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
