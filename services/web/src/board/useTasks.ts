import { useCallback, useEffect, useRef, useState } from "react";
import type { Task } from "../api/types";
import { useAuth } from "../auth/AuthProvider";
import type { TaskMessage } from "../live/TaskSocket";
import { applyMessage, type Filter } from "./tasks";

export const PAGE_SIZE = 50;

interface TaskPage {
  items: Task[];
  total: number;
  loaded: boolean;
  failed: boolean;
}

/** One page of the person's tasks, as filtered, kept up to date by `apply`. */
export function useTasks(filter: Filter, sortByDue: boolean, page: number) {
  const { api } = useAuth();
  const [state, setState] = useState<TaskPage>({ items: [], total: 0, loaded: false, failed: false });
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const request = ++latest.current;
    const { data } = await api.GET("/api/v1/tasks", {
      params: {
        query: {
          status: filter.status ? [filter.status] : undefined,
          urgency: filter.urgency ?? undefined,
          sort: sortByDue ? "due_at" : "id",
          skip: page * PAGE_SIZE,
          limit: PAGE_SIZE,
        },
      },
    });
    if (request !== latest.current) return;
    setState((old) => (data ? { items: data.items, total: data.total, loaded: true, failed: false } : { ...old, failed: true }));
  }, [api, filter.status, filter.urgency, sortByDue, page]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const apply = useCallback(
    (message: TaskMessage) =>
      setState((old) => {
        const items = applyMessage(old.items, message, filter);
        return { ...old, items, total: Math.max(0, old.total + items.length - old.items.length) };
      }),
    [filter],
  );

  return { ...state, reload, apply };
}
