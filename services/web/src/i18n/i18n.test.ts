import { en } from "./en";
import { pluralKey, translate } from "./i18n";
import { ru } from "./ru";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

it("gives every English message in Russian, with the same placeholders", () => {
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    expect(ru[key], key).toBeTruthy();
    expect(placeholders(ru[key]), key).toEqual(placeholders(en[key]));
  }
});

it("fills placeholders and picks each language's plural form", () => {
  expect(translate("en", "task.due", { when: "today" })).toBe("Due today");
  expect(translate("ru", pluralKey("ru", "board.count", 21), { count: 21 })).toBe("21 задача");
  expect(translate("ru", pluralKey("ru", "board.count", 3), { count: 3 })).toBe("3 задачи");
  expect(translate("ru", pluralKey("ru", "board.count", 5), { count: 5 })).toBe("5 задач");
  expect(translate("en", pluralKey("en", "board.count", 1), { count: 1 })).toBe("1 task");
});
