import { useState } from "react";
import { useI18n } from "../i18n/i18n";
import type { UserFilter } from "../api/types";
import { UserFilterForm } from "./UserFilterForm";
import { UsersList } from "./UsersList";

/** Every user, filtered: their role (changed here), chat, email and channels. */
export function UsersPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<UserFilter>({});
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t("admin.users")}</h2>
      <UserFilterForm onFilter={setFilter} />
      <UsersList key={JSON.stringify(filter)} filter={filter} empty="admin.noUsers" />
    </section>
  );
}
