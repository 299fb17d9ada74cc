import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { en, type MessageKey } from "./en";
import { ru } from "./ru";

export const LANGUAGES = ["en", "ru"] as const;
export type Language = (typeof LANGUAGES)[number];
const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { en, ru };
const STORAGE_KEY = "todo-nudge.language";

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.includes(value as Language);
}

/** The language chosen on this device before, else the browser's, else English. */
export function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  const browser = navigator.language.slice(0, 2);
  return isLanguage(browser) ? browser : "en";
}

/** Whether the person chose a language on this device (else the account's is taken). */
export function languageChosenHere(): boolean {
  return isLanguage(localStorage.getItem(STORAGE_KEY));
}

export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  const text = DICTIONARIES[language][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

/** The key of a count's plural form in this language, e.g. board.count → board.count.few. */
export function pluralKey(language: Language, key: string, count: number): MessageKey {
  return `${key}.${new Intl.PluralRules(language).select(count)}` as MessageKey;
}

interface I18n {
  language: Language;
  /** Switch the language; `remember` keeps the choice on this device. */
  setLanguage(language: Language, remember?: boolean): void;
  t: Translate;
  plural(key: string, count: number): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language, remember = true) => {
    if (remember) localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const t: Translate = (key, params) => translate(language, key, params);
    const plural = (key: string, count: number) => t(pluralKey(language, key, count), { count });
    return { language, setLanguage, t, plural };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n outside I18nProvider");
  return i18n;
}
