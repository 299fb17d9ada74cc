/** Moments as people read them: in their own time zone and language. */

export function formatMoment(iso: string, language: string, timeZone?: string | null): string {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short", timeZone: timeZone ?? undefined }).format(
    new Date(iso),
  );
}

function wallClockParts(moment: Date, timeZone?: string | null): Record<string, string> {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: timeZone ?? undefined,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(moment);
  return Object.fromEntries(parts.map((part) => [part.type, part.value]));
}

/** The day of a moment on a zone's wall clock, as YYYY-MM-DD. */
export function localDate(moment: Date, timeZone?: string | null): string {
  const { year, month, day } = wallClockParts(moment, timeZone);
  return `${year}-${month}-${day}`;
}

/** A moment as the value of an `<input type="datetime-local">` on a zone's wall clock. */
export function toLocalInput(iso: string | null | undefined, timeZone?: string | null): string {
  if (!iso) return "";
  const { hour, minute } = wallClockParts(new Date(iso), timeZone);
  return `${localDate(new Date(iso), timeZone)}T${hour}:${minute}`;
}

/** Tomorrow at `time` on the zone's wall clock, without an offset: the API reads it in the zone. */
export function tomorrowAt(time: string, now: Date, timeZone?: string | null): string {
  const [year, month, day] = localDate(now, timeZone).split("-").map(Number);
  const tomorrow = new Date(Date.UTC(year, month - 1, day + 1));
  return `${tomorrow.toISOString().slice(0, 10)}T${time}`;
}
