import { act, renderHook, waitFor } from "@testing-library/react";
import { ADMIN_PAGE_SIZE, usePaged } from "./usePaged";

it("loads the page asked for, and steps back when its last item is gone", async () => {
  let total = ADMIN_PAGE_SIZE + 1;
  const load = vi.fn(async (skip: number) => {
    const items = Array.from({ length: Math.max(0, Math.min(ADMIN_PAGE_SIZE, total - skip)) }, (_, index) => skip + index);
    return { items, total };
  });
  const { result } = renderHook(() => usePaged(load));
  await waitFor(() => expect(result.current.pages).toBe(2));
  act(() => result.current.setPage(1));
  await waitFor(() => expect(result.current.items).toEqual([ADMIN_PAGE_SIZE]));

  total = ADMIN_PAGE_SIZE;
  await act(() => result.current.reload());
  await waitFor(() => expect(result.current.page).toBe(0));
  expect(result.current.items).toHaveLength(ADMIN_PAGE_SIZE);
  expect(load).toHaveBeenLastCalledWith(0, ADMIN_PAGE_SIZE);
});

it("keeps what it had and says so when a load fails", async () => {
  const { result } = renderHook(() => usePaged(async () => undefined));
  await waitFor(() => expect(result.current.failed).toBe(true));
  expect(result.current.items).toEqual([]);
});
