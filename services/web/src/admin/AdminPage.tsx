import { useI18n } from "../i18n/i18n";

/** Where the admin sections (users, unreachable chats, dead letters) will go, as nested routes. */
export function AdminPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t("admin.title")}</h1>
      <p>{t("admin.soon")}</p>
    </>
  );
}
