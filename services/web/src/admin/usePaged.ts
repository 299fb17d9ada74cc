import { useCallback, useEffect, useRef, useState } from "react";

export const ADMIN_PAGE_SIZE = 20;

export interface PageOf<T> {
  items: T[];
  total: number;
}

/** One page of what `load` finds; `undefined` from it means the call failed. */
export type Load<T> = (skip: number, limit: number) => Promise<PageOf<T> | undefined>;

interface PagedState<T> extends PageOf<T> {
  loaded: boolean;
  failed: boolean;
}

/**
 * Pages of ADMIN_PAGE_SIZE of what `load` finds (a new `load` loads again); the newest answer
 * wins, and a page emptied (its letters sent again) gives way to the one before.
 */
export function usePaged<T>(load: Load<T>) {
  const [page, setPage] = useState(0);
  const [state, setState] = useState<PagedState<T>>({ items: [], total: 0, loaded: false, failed: false });
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const request = ++latest.current;
    const data = await load(page * ADMIN_PAGE_SIZE, ADMIN_PAGE_SIZE).catch(() => undefined);
    if (request !== latest.current) return;
    if (data && data.items.length === 0 && page > 0) return setPage(page - 1); // its last item went
    setState((old) => (data ? { ...data, loaded: true, failed: false } : { ...old, loaded: true, failed: true }));
  }, [load, page]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { ...state, page, pages: Math.ceil(state.total / ADMIN_PAGE_SIZE), setPage, reload };
}
