import { useCallback, useMemo, useState } from "react";
import type { Task } from "../api/types";
import { useUser } from "../auth/AuthProvider";
import { useI18n } from "../i18n/i18n";
import { useTaskFeed } from "../live/useTaskFeed";
import { BoardToolbar } from "./BoardToolbar";
import { Pager } from "./Pager";
import { TaskColumn } from "./TaskColumn";
import { TaskForm } from "./TaskForm";
import { groupTasks, searchTitles, type Filter, type GroupBy } from "./tasks";
import { PAGE_SIZE, useTasks } from "./useTasks";

/** The person's tasks, grouped, filtered and paged, live over the WebSocket. */
export function BoardPage() {
  const { t, plural } = useI18n();
  const user = useUser();
  const [groupBy, setGroupBy] = useState<GroupBy>("status");
  const [filter, setFilter] = useState<Filter>({ status: null, urgency: null });
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(0);
  const [creating, setCreating] = useState(false);
  const tasks = useTasks(filter, groupBy === "due", page);
  const connected = useTaskFeed(tasks.apply, tasks.reload);

  const { apply } = tasks;
  const changed = useCallback((task: Task) => apply({ type: "task_updated", data: { task } }), [apply]);
  const deleted = useCallback((taskId: number) => apply({ type: "task_deleted", data: { task_id: taskId } }), [apply]);
  const groups = useMemo(
    () => groupTasks(searchTitles(tasks.items, search), groupBy, new Date(), user.timezone),
    [tasks.items, search, groupBy, user.timezone],
  );
  const filterBy = (next: Filter) => {
    setFilter(next);
    setPage(0);
  };

  return (
    <>
      <div className="board-head">
        <h1>{t("board.title")}</h1>
        <span className="count">{plural("board.count", tasks.total)}</span>
        <span className={`live ${connected ? "on" : "off"}`} role="status">{t(connected ? "board.live" : "board.offline")}</span>
        <button type="button" className="primary" onClick={() => setCreating(true)} disabled={creating}>{t("board.new")}</button>
      </div>
      {creating && (
        <TaskForm
          onSaved={(task) => {
            setCreating(false);
            apply({ type: "task_created", data: { task } });
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      <BoardToolbar groupBy={groupBy} filter={filter} search={search} onGroupBy={setGroupBy} onFilter={filterBy} onSearch={setSearch} />
      {tasks.failed && <p role="alert" className="error">{t("app.error")}</p>}
      <div className="board" aria-busy={!tasks.loaded}>
        {groups.map((group) => <TaskColumn key={group.key} group={group} onChanged={changed} onDeleted={deleted} />)}
      </div>
      <Pager page={page} pages={Math.ceil(tasks.total / PAGE_SIZE)} onPage={setPage} />
    </>
  );
}
