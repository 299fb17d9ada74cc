import { useEffect, useRef, useState, type FormEvent } from "react";
import { NO_PROBLEMS, toProblems } from "../api/problems";
import { STATUSES, URGENCIES, type Task, type TaskCreate, type TaskUpdate } from "../api/types";
import { useAuth, useUser } from "../auth/AuthProvider";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { toLocalInput } from "../format";
import { useI18n } from "../i18n/i18n";

const FIELDS = ["title", "description", "urgency", "status", "due_at", "remind_at", "recurrence"] as const;
type Values = Record<(typeof FIELDS)[number], string>;

function valuesOf(task: Task | undefined, timeZone: string | null): Values {
  return {
    title: task?.title ?? "",
    description: task?.description ?? "",
    urgency: task?.urgency ?? "not_urgent",
    status: task?.status ?? "new",
    due_at: toLocalInput(task?.due_at, timeZone),
    remind_at: toLocalInput(task?.remind_at, timeZone),
    recurrence: task?.recurrence ?? "",
  };
}

function readValues(form: HTMLFormElement, initial: Values): Values {
  const data = new FormData(form);
  return Object.fromEntries(FIELDS.map((field) => [field, String(data.get(field) ?? initial[field])])) as Values;
}

/** The fields that differ from `before`, an empty one sent as null (cleared). */
function changes(values: Values, before: Values): Record<string, string | null> {
  const changed = FIELDS.filter((field) => values[field] !== before[field]);
  return Object.fromEntries(changed.map((field) => [field, values[field] === "" ? null : values[field]]));
}

interface Props {
  task?: Task;
  onSaved(task: Task): void;
  onCancel(): void;
}

/** Create a task, or edit one (only what changed is sent); the API's refusals show by their field. */
export function TaskForm({ task, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const { api } = useAuth();
  const user = useUser();
  const [problems, setProblems] = useState(NO_PROBLEMS);
  const title = useRef<HTMLInputElement>(null);
  const initial = valuesOf(task, user.timezone);

  useEffect(() => title.current?.focus(), []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = readValues(event.currentTarget, initial);
    const { data, error } = task
      ? await api.PATCH("/api/v1/tasks/{task_id}", { params: { path: { task_id: task.id } }, body: changes(values, initial) as TaskUpdate })
      : await api.POST("/api/v1/tasks", { body: { ...changes(values, initial), title: values.title } as TaskCreate });
    if (data) return onSaved(data);
    setProblems(toProblems(error, FIELDS, t("app.error")));
  };

  return (
    <form className="task-form card" onSubmit={submit} noValidate aria-label={t(task ? "task.editTitle" : "task.newTitle")}>
      <Field label={t("task.title")} error={problems.fields.title} className="wide">
        {(control) => <input {...control} ref={title} name="title" defaultValue={initial.title} maxLength={500} required />}
      </Field>
      <Field label={t("task.description")} error={problems.fields.description} className="wide">
        {(control) => <textarea {...control} name="description" defaultValue={initial.description} rows={2} />}
      </Field>
      <Field label={t("task.urgency")} error={problems.fields.urgency}>
        {(control) => (
          <select {...control} name="urgency" defaultValue={initial.urgency}>
            {URGENCIES.map((urgency) => <option key={urgency} value={urgency}>{t(`urgency.${urgency}`)}</option>)}
          </select>
        )}
      </Field>
      {task && (
        <Field label={t("task.status")} error={problems.fields.status}>
          {(control) => (
            <select {...control} name="status" defaultValue={initial.status}>
              {STATUSES.map((status) => <option key={status} value={status}>{t(`status.${status}`)}</option>)}
            </select>
          )}
        </Field>
      )}
      <Field label={t("task.dueAt")} error={problems.fields.due_at}>
        {(control) => <input {...control} name="due_at" type="datetime-local" defaultValue={initial.due_at} />}
      </Field>
      <Field label={t("task.remindAt")} error={problems.fields.remind_at}>
        {(control) => <input {...control} name="remind_at" type="datetime-local" defaultValue={initial.remind_at} />}
      </Field>
      <Field label={t("task.recurrence")} hint={t("task.recurrenceHint")} error={problems.fields.recurrence} className="wide">
        {(control) => <input {...control} name="recurrence" defaultValue={initial.recurrence} />}
      </Field>
      <FormMessage error={problems.general} />
      <div className="actions wide">
        <button type="submit" className="primary">{t(task ? "task.save" : "task.create")}</button>
        <button type="button" onClick={onCancel}>{t("task.cancel")}</button>
      </div>
    </form>
  );
}
