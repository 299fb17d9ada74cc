import type { MessageKey } from "../i18n/en";
import type { Task, TaskStatus, Urgency } from "../api/types";
import { STATUSES, URGENCIES } from "../api/types";
import { localDate } from "../format";
import type { TaskMessage } from "../live/TaskSocket";

export type GroupBy = "status" | "urgency" | "due";
export const GROUP_BYS: readonly GroupBy[] = ["status", "urgency", "due"];

export interface Filter {
  status: TaskStatus | null;
  urgency: Urgency | null;
}

export interface Group {
  key: string;
  label: MessageKey;
  tasks: Task[];
}

export function matches(task: Task, filter: Filter): boolean {
  return (!filter.status || task.status === filter.status) && (!filter.urgency || task.urgency === filter.urgency);
}

/** The list after a live event: a new or changed task in place, a deleted or filtered-out one gone. */
export function applyMessage(tasks: Task[], message: TaskMessage, filter: Filter): Task[] {
  if (message.type === "background_task_completed") return tasks;
  const id = message.type === "task_deleted" ? message.data.task_id : message.data.task.id;
  const others = tasks.filter((task) => task.id !== id);
  if (message.type === "task_deleted" || !matches(message.data.task, filter)) return others;
  const changed = message.data.task;
  const index = tasks.findIndex((task) => task.id === id);
  if (index === -1) return [...tasks, changed];
  return tasks.map((task) => (task.id === id ? changed : task));
}

export function searchTitles(tasks: Task[], search: string): Task[] {
  const wanted = search.trim().toLocaleLowerCase();
  return wanted ? tasks.filter((task) => task.title.toLocaleLowerCase().includes(wanted)) : tasks;
}

type DueBucket = "overdue" | "today" | "week" | "later" | "none";
const DUE_BUCKETS: readonly DueBucket[] = ["overdue", "today", "week", "later", "none"];
const WEEK_MS = 7 * 24 * 3600 * 1000;

export function dueBucket(task: Task, now: Date, timeZone?: string | null): DueBucket {
  if (!task.due_at) return "none";
  const due = new Date(task.due_at);
  if (due < now && task.status !== "done") return "overdue";
  if (localDate(due, timeZone) === localDate(now, timeZone)) return "today";
  return due.getTime() - now.getTime() < WEEK_MS ? "week" : "later";
}

function byDue(left: Task, right: Task): number {
  return (left.due_at ?? "9").localeCompare(right.due_at ?? "9");
}

/** The board's columns: every status, urgency or due bucket, in order, even when empty. */
export function groupTasks(tasks: Task[], by: GroupBy, now: Date, timeZone?: string | null): Group[] {
  if (by === "status") return STATUSES.map((status) => group(status, `status.${status}`, tasks, (task) => task.status === status));
  if (by === "urgency") {
    return [...URGENCIES].reverse().map((urgency) => group(urgency, `urgency.${urgency}`, tasks, (task) => task.urgency === urgency));
  }
  const sorted = [...tasks].sort(byDue);
  return DUE_BUCKETS.map((bucket) => group(bucket, `due.${bucket}`, sorted, (task) => dueBucket(task, now, timeZone) === bucket));
}

function group(key: string, label: MessageKey, tasks: Task[], belongs: (task: Task) => boolean): Group {
  return { key, label, tasks: tasks.filter(belongs) };
}
