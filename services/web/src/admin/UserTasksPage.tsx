import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import type { User } from "../api/types";
import { useAuth, useUser } from "../auth/AuthProvider";
import { Pager } from "../board/Pager";
import { formatMoment } from "../format";
import { useI18n } from "../i18n/i18n";
import { usePaged } from "./usePaged";

/** One user's tasks, as admins see them: what, how urgent, where it stands, when due. */
export function UserTasksPage() {
  const { t, plural, language } = useI18n();
  const { api } = useAuth();
  const me = useUser();
  const userId = Number(useParams().userId);
  const [owner, setOwner] = useState<User | null>(null);
  useEffect(() => {
    void api.GET("/api/v1/users/{user_id}", { params: { path: { user_id: userId } } }).then(({ data }) => setOwner(data ?? null));
  }, [api, userId]);
  const load = useCallback(
    async (skip: number, limit: number) => (await api.GET("/api/v1/tasks", { params: { query: { user_id: userId, skip, limit } } })).data,
    [api, userId],
  );
  const tasks = usePaged(load);

  return (
    <section aria-labelledby="user-tasks-title">
      <p><Link to="/admin/users">{t("admin.allUsers")}</Link></p>
      <h2 id="user-tasks-title">{t("admin.tasksOf", { username: owner?.username ?? `#${userId}` })}</h2>
      {tasks.failed && <p role="alert" className="error">{t("app.error")}</p>}
      <p role="status" className="count">{tasks.loaded ? plural("board.count", tasks.total) : ""}</p>
      <ul className="admin-list" aria-busy={!tasks.loaded}>
        {tasks.items.map((task) => (
          <li key={task.id} className={`card task urgency-${task.urgency}`}>
            <h3 className="task-title">{task.title}</h3>
            <p className="meta">
              <span className={`badge ${task.urgency}`}>{t(`urgency.${task.urgency}`)}</span>
              <span className="badge">{t(`status.${task.status}`)}</span>
              {task.due_at && <span>{t("task.due", { when: formatMoment(task.due_at, language, me.timezone) })}</span>}
            </p>
          </li>
        ))}
      </ul>
      <Pager page={tasks.page} pages={tasks.pages} onPage={tasks.setPage} />
    </section>
  );
}
