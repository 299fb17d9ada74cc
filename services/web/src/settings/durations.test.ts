import { formatDurations, parseDurations } from "./durations";

it.each([
  ["1d 3h", ["P1DT3H"]],
  ["2 days, 1 hour", ["P2D", "PT1H"]],
  ["30m", ["PT30M"]],
  ["30 min", ["PT30M"]],
  ["1 hour and 30 minutes", ["PT1H30M"]],
  ["1.5h", ["PT1H30M"]],
  ["1d3h", ["P1DT3H"]],
  ["hour", ["PT1H"]],
  ["2 Weeks", ["P14D"]],
  ["45 mins.; 10 sec", ["PT45M", "PT10S"]],
  ["0", ["PT0S"]],
  ["1 д 3 ч", ["P1DT3H"]],
  ["2 дня", ["P2D"]],
  ["30 мин", ["PT30M"]],
  ["1 день 3 часа, 5 минут", ["P1DT3H", "PT5M"]],
  ["1 неделя", ["P7D"]],
  ["P1D, PT3H", ["P1D", "PT3H"]],
  ["p1dt30m", ["P1DT30M"]],
  ["P1Y1D", ["P366D"]],
  ["", []],
  [" , ", []],
])("reads %j as %j", (text, durations) => {
  expect(parseDurations(text)).toEqual({ durations });
});

it.each([
  ["tomorrow", "tomorrow"],
  ["1 day, soon", "soon"],
  ["3", "3"],
  ["1 2 days", "1 2 days"],
  ["2 parsecs", "2 parsecs"],
  ["1 constructor", "1 constructor"],
  ["P", "P"],
  ["P1DT", "P1DT"],
  ["1,5 ч", "1"],
])("can't read %j: names %j", (text, unreadable) => {
  expect(parseDurations(text)).toEqual({ unreadable });
});

it.each([
  [["P1D", "PT3H"], "en", "1 day, 3 hours"],
  [["P1D", "PT3H"], "ru", "1 день, 3 часа"],
  [["P1DT3H"], "en", "1 day 3 hours"],
  [["P2D", "PT1H"], "ru", "2 дня, 1 час"],
  [["PT5M", "P21D", "PT2M"], "ru", "5 минут, 21 день, 2 минуты"],
  [["PT1M30S"], "en", "1 minute 30 seconds"],
  [["P1Y1D"], "en", "366 days"],
  [["PT0S"], "en", "0 minutes"],
  [[], "en", ""],
])("writes %j in %s as %j", (isos, language, text) => {
  expect(formatDurations(isos, language)).toBe(text);
});

it("reads back what it writes, in both languages", () => {
  const isos = ["P1DT3H", "PT30M", "P14D", "PT1M30S", "PT0S"];
  for (const language of ["en", "ru"]) {
    expect(parseDurations(formatDurations(isos, language))).toEqual({ durations: isos });
  }
});
