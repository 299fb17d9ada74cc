import { useState } from "react";
import type { Task, TaskUpdate } from "../api/types";
import { useAuth, useUser } from "../auth/AuthProvider";
import { formatMoment } from "../format";
import { useI18n } from "../i18n/i18n";
import { SnoozeMenu } from "./SnoozeMenu";
import { TaskForm } from "./TaskForm";

interface Props {
  task: Task;
  onChanged(task: Task): void;
  onDeleted(taskId: number): void;
}

/** One task: what it is and when, and what can be done with it; or its edit form. */
export function TaskCard({ task, onChanged, onDeleted }: Props) {
  const { t, language } = useI18n();
  const { api } = useAuth();
  const user = useUser();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const when = (iso: string) => formatMoment(iso, language, user.timezone);

  const patch = async (body: TaskUpdate) => {
    const { data, error } = await api.PATCH("/api/v1/tasks/{task_id}", { params: { path: { task_id: task.id } }, body });
    if (data) onChanged(data);
    setError(data ? null : (error as { detail?: unknown })?.detail?.toString() ?? t("app.error"));
  };
  const remove = async () => {
    if (!window.confirm(t("task.deleteConfirm", { title: task.title }))) return;
    const { response } = await api.DELETE("/api/v1/tasks/{task_id}", { params: { path: { task_id: task.id } } });
    if (response.ok) onDeleted(task.id);
    else setError(t("app.error"));
  };

  if (editing) {
    const saved = (changed: Task) => {
      setEditing(false);
      onChanged(changed);
    };
    return <TaskForm task={task} onSaved={saved} onCancel={() => setEditing(false)} />;
  }
  const done = task.status === "done";
  return (
    <article className={`task card urgency-${task.urgency} ${done ? "is-done" : ""}`} aria-labelledby={`task-${task.id}`}>
      <h3 id={`task-${task.id}`} className="task-title">{task.title}</h3>
      <p className="meta">
        <span className={`badge ${task.urgency}`}>{t(`urgency.${task.urgency}`)}</span>
        <span className="badge">{t(`status.${task.status}`)}</span>
        {task.due_at && <span>{t("task.due", { when: when(task.due_at) })}</span>}
        {task.snoozed_until && !done && <span>{t("task.snoozedUntil", { when: when(task.snoozed_until) })}</span>}
      </p>
      {task.description && <p className="description">{task.description}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="actions" role="group" aria-label={t("task.actions", { title: task.title })}>
        <button type="button" className="primary" onClick={() => patch(done ? { status: "new" } : { completed: true })}>
          {t(done ? "task.reopen" : "task.done")}
        </button>
        <button type="button" onClick={() => setEditing(true)}>{t("task.edit")}</button>
        {!done && <SnoozeMenu timeZone={user.timezone} onSnooze={(until) => patch({ snoozed_until: until })} />}
        <button type="button" className="danger" onClick={remove}>{t("task.delete")}</button>
      </div>
    </article>
  );
}
