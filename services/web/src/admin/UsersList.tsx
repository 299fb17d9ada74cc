import { useCallback } from "react";
import { useAuth } from "../auth/AuthProvider";
import { Pager } from "../board/Pager";
import type { MessageKey } from "../i18n/en";
import { useI18n } from "../i18n/i18n";
import type { UserFilter } from "../api/types";
import { UserCard } from "./UserCard";
import { usePaged } from "./usePaged";

/** A page of the users `filter` finds, with how many there are. */
export function UsersList({ filter, empty }: { filter: UserFilter; empty: MessageKey }) {
  const { t, plural } = useI18n();
  const { api } = useAuth();
  const load = useCallback(
    async (skip: number, limit: number) => (await api.GET("/api/v1/users", { params: { query: { ...filter, skip, limit } } })).data,
    [api, filter],
  );
  const users = usePaged(load);
  return (
    <div aria-busy={!users.loaded}>
      {users.failed && <p role="alert" className="error">{t("app.error")}</p>}
      <p role="status" className="count">{users.loaded ? plural("admin.userCount", users.total) : ""}</p>
      {users.loaded && users.total === 0 && <p className="empty">{t(empty)}</p>}
      <ul className="admin-list">
        {users.items.map((user) => (
          <li key={user.id}><UserCard user={user} onChanged={users.reload} /></li>
        ))}
      </ul>
      <Pager page={users.page} pages={users.pages} onPage={users.setPage} />
    </div>
  );
}
