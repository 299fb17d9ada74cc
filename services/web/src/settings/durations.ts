/**
 * "Remind before" as people write it and read it. Reminders are separated by commas (or
 * semicolons); within one, amounts add up: "1 day, 3 hours" is two reminders, "1d 3h" one
 * 27 hours before. The API takes and gives ISO 8601 durations ("P1D", "PT3H").
 */

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Each unit's length in seconds and its words, English and Russian (read in lower case). */
const UNIT_WORDS: [number, string][] = [
  [7 * DAY, "w wk wks week weeks н нед недели неделя неделю недель"],
  [DAY, "d day days д дн день дня дней"],
  [HOUR, "h hr hrs hour hours ч час часа часов"],
  [MINUTE, "m min mins minute minutes мин минута минуты минут минуту"],
  [1, "s sec secs second seconds с сек секунда секунды секунд секунду"],
];
const UNITS = new Map(UNIT_WORDS.flatMap(([seconds, words]) => words.split(" ").map((word) => [word, seconds] as const)));

/** An amount (optional: "hour" is one) and its unit, e.g. "2 days", "30m", "1.5 ч". */
const AMOUNT = /(\d+(?:\.\d+)?)?\s*([a-zа-яё]+)\.?/g;
const ISO = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
/** What a year and a month are in ISO 8601 durations the API gives (as Python's timedelta reads them). */
const ISO_SECONDS = [365 * DAY, 30 * DAY, 7 * DAY, DAY, HOUR, MINUTE, 1];

export type Parsed = { durations: string[] } | { unreadable: string };

/** Seconds of an ISO 8601 duration ("P1DT3H"); null if it is not one. */
function isoSeconds(text: string): number | null {
  const iso = text.trim().toUpperCase();
  const match = ISO.exec(iso);
  if (!match || iso === "P" || iso.endsWith("T")) return null;
  return match.slice(1).reduce((total, amount, index) => total + Number(amount ?? 0) * ISO_SECONDS[index], 0);
}

/** Seconds as days, hours, minutes and seconds (to the millisecond), in that order. */
function split(seconds: number): [string, number][] {
  return [
    ["day", Math.floor(seconds / DAY)],
    ["hour", Math.floor((seconds % DAY) / HOUR)],
    ["minute", Math.floor((seconds % HOUR) / MINUTE)],
    ["second", Math.round((seconds % MINUTE) * 1000) / 1000],
  ];
}

/** Seconds as an ISO 8601 duration, days and below: 97200 → "P1DT3H", 0 → "PT0S". */
function toIso(seconds: number): string {
  const [days, ...clock] = split(seconds).map(([name, amount]) => (amount ? `${amount}${name[0].toUpperCase()}` : ""));
  const time = clock.join("");
  if (!days && !time) return "PT0S";
  return `P${days}${time && `T${time}`}`;
}

/** Seconds of one reminder as written ("1 day 3 hours", "30m", "0", "PT3H"); null if unreadable. */
function readSeconds(text: string): number | null {
  const written = text.trim().toLowerCase().replace(/\s+(?:and|и)\s+/g, " ");
  if (written === "0") return 0;
  if (written.startsWith("p")) return isoSeconds(written);
  const amounts = [...written.matchAll(AMOUNT)];
  const unknown = amounts.some(([, , word]) => !UNITS.has(word));
  if (!amounts.length || unknown || written.replace(AMOUNT, "").trim()) return null;
  return amounts.reduce((total, [, amount, word]) => total + Number(amount ?? 1) * UNITS.get(word)!, 0);
}

/** The reminders a person wrote, as the API takes them; or the first part that can't be read. */
export function parseDurations(text: string): Parsed {
  const parts = text.split(/[,;\n]/).map((part) => part.trim()).filter(Boolean);
  const durations: string[] = [];
  for (const part of parts) {
    const seconds = readSeconds(part);
    if (seconds === null) return { unreadable: part };
    durations.push(toIso(seconds));
  }
  return { durations };
}

const unit = (language: string, name: string, amount: number) =>
  new Intl.NumberFormat(language, { style: "unit", unit: name, unitDisplay: "long" }).format(amount);

/** One ISO 8601 duration in words: "P1DT3H" → "1 day 3 hours" ("1 день 3 часа"). */
function formatDuration(iso: string, language: string): string {
  const seconds = isoSeconds(iso);
  if (seconds === null) return iso;
  const named = split(seconds).filter(([, amount]) => amount > 0).map(([name, amount]) => unit(language, name, amount));
  return named.length ? named.join(" ") : unit(language, "minute", 0);
}

/** The reminders the API gives, in words, separated by commas: "1 day, 3 hours". */
export function formatDurations(isos: readonly string[], language: string): string {
  return isos.map((iso) => formatDuration(iso, language)).join(", ");
}
