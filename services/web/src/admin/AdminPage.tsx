import { Navigate, NavLink, Route, Routes } from "react-router-dom";
import { useI18n } from "../i18n/i18n";
import { NotFoundPage } from "../layout/NotFoundPage";
import { DeadLettersPage } from "./DeadLettersPage";
import { UnreachablePage } from "./UnreachablePage";
import { UsersPage } from "./UsersPage";
import { UserTasksPage } from "./UserTasksPage";

const SECTIONS = [
  { to: "/admin/users", label: "admin.users" },
  { to: "/admin/unreachable", label: "admin.unreachable" },
  { to: "/admin/dead-letters", label: "admin.deadLetters" },
] as const;

/** The admin section: its menu, and users, a user's tasks, unreachable chats or dead letters. */
export function AdminPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t("admin.title")}</h1>
      <nav aria-label={t("admin.sections")} className="subnav">
        <ul>
          {SECTIONS.map(({ to, label }) => (
            <li key={to}>
              <NavLink to={to}>{t(label)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="users/:userId" element={<UserTasksPage />} />
        <Route path="unreachable" element={<UnreachablePage />} />
        <Route path="dead-letters" element={<DeadLettersPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </>
  );
}
