import type { Task } from "../api/types";
import { useI18n } from "../i18n/i18n";
import { TaskCard } from "./TaskCard";
import type { Group } from "./tasks";

interface Props {
  group: Group;
  onChanged(task: Task): void;
  onDeleted(taskId: number): void;
}

/** One group of the board, with its heading and count. */
export function TaskColumn({ group, onChanged, onDeleted }: Props) {
  const { t, plural } = useI18n();
  const headingId = `group-${group.key}`;
  return (
    <section className="column" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t(group.label)} <span className="count">{plural("board.count", group.tasks.length)}</span>
      </h2>
      {group.tasks.length === 0 ? (
        <p className="empty">{t("board.empty")}</p>
      ) : (
        <ul>
          {group.tasks.map((task) => (
            <li key={task.id}>
              <TaskCard task={task} onChanged={onChanged} onDeleted={onDeleted} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
