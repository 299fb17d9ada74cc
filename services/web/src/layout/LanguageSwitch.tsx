import { useId } from "react";
import { isLanguage, LANGUAGES, useI18n } from "../i18n/i18n";

/** The language of the pages (and of the API's errors), remembered on this device. */
export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  const id = useId();
  return (
    <span className="language-switch">
      <label htmlFor={id} className="visually-hidden">{t("language.label")}</label>
      <select id={id} value={language} onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)}>
        {LANGUAGES.map((code) => <option key={code} value={code} lang={code}>{t(`language.${code}`)}</option>)}
      </select>
    </span>
  );
}
