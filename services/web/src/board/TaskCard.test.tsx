import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { json, renderSignedIn, task } from "../test/render";
import { TaskCard } from "./TaskCard";

it("marks a task done and hands the API's answer on", async () => {
  const changed = vi.fn();
  const requests = await renderSignedIn(
    <TaskCard task={task({ id: 3 })} onChanged={changed} onDeleted={vi.fn()} />,
    () => json(task({ id: 3, status: "done", completed: true })),
  );
  await userEvent.click(screen.getByRole("button", { name: "Mark done" }));
  expect(await requests.at(-1)!.json()).toEqual({ completed: true });
  expect(changed).toHaveBeenCalledWith(expect.objectContaining({ status: "done" }));
});

it("snoozes by a choice of the menu, on the person's clock", async () => {
  const requests = await renderSignedIn(<TaskCard task={task()} onChanged={vi.fn()} onDeleted={vi.fn()} />, () => json(task()));
  await userEvent.click(screen.getByText("Snooze"));
  await userEvent.click(screen.getByRole("button", { name: "Until tomorrow 9:00" }));
  expect((await requests.at(-1)!.json()).snoozed_until).toMatch(/^\d{4}-\d\d-\d\dT09:00$/);
});

it("deletes only once confirmed", async () => {
  const deleted = vi.fn();
  vi.stubGlobal("confirm", vi.fn(() => true));
  await renderSignedIn(<TaskCard task={task({ id: 9 })} onChanged={vi.fn()} onDeleted={deleted} />, () => new Response(null, { status: 204 }));
  await userEvent.click(screen.getByRole("button", { name: "Delete" }));
  expect(deleted).toHaveBeenCalledWith(9);
});

it("names its actions by the task, and shows a 500-character title whole", async () => {
  const title = "w".repeat(500);
  await renderSignedIn(<TaskCard task={task({ title, urgency: "very_urgent" })} onChanged={vi.fn()} onDeleted={vi.fn()} />, () => json({}));
  expect(screen.getByRole("heading", { level: 3 })).toHaveTextContent(title);
  expect(screen.getByRole("group", { name: `Actions for “${title}”` })).toBeInTheDocument();
  expect(screen.getByText("Very urgent")).toBeInTheDocument();
});
