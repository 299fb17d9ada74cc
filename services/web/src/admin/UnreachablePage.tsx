import { useI18n } from "../i18n/i18n";
import type { UserFilter } from "../api/types";
import { UsersList } from "./UsersList";

const UNREACHABLE: UserFilter = { telegram_unreachable: true };

/** The users whose Telegram chat blocked the bot, and what that means. */
export function UnreachablePage() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="unreachable-title">
      <h2 id="unreachable-title">{t("admin.unreachable")}</h2>
      <p className="about">{t("admin.unreachableAbout")}</p>
      <UsersList filter={UNREACHABLE} empty="admin.noUnreachable" />
    </section>
  );
}
