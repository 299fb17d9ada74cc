import { fireEvent, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { json, renderSignedIn, task } from "../test/render";
import { TaskForm } from "./TaskForm";

const refused = json({ detail: [{ loc: ["body", "remind_at"], msg: "must be in the future", type: "value_error" }] }, 422);

it("shows the API's 422 next to the field it names, and asks in the reader's language", async () => {
  const requests = await renderSignedIn(<TaskForm onSaved={vi.fn()} onCancel={vi.fn()} />, () => refused, "ru");
  await userEvent.type(screen.getByLabelText("Название"), "Оплатить");
  fireEvent.change(screen.getByLabelText("Напомнить"), { target: { value: "2001-01-01T09:00" } });
  await userEvent.click(screen.getByRole("button", { name: "Создать задачу" }));

  const remindAt = await screen.findByLabelText("Напомнить");
  expect(remindAt).toHaveAttribute("aria-invalid", "true");
  expect(remindAt).toHaveAccessibleDescription("must be in the future");
  const sent = requests.at(-1)!;
  expect(sent.headers.get("Accept-Language")).toBe("ru");
  expect(await sent.json()).toEqual({ title: "Оплатить", remind_at: "2001-01-01T09:00" });
});

it("sends only what changed when editing", async () => {
  const saved = vi.fn();
  const before = task({ id: 5, title: "Old", due_at: "2030-01-01T10:00:00Z" });
  const requests = await renderSignedIn(<TaskForm task={before} onSaved={saved} onCancel={vi.fn()} />, () => json(task({ id: 5, title: "New" })));
  const title = screen.getByLabelText("Title");
  expect(title).toHaveFocus();
  await userEvent.clear(title);
  await userEvent.type(title, "New");
  await userEvent.click(screen.getByRole("button", { name: "Save" }));

  expect(saved).toHaveBeenCalledWith(expect.objectContaining({ title: "New" }));
  const sent = requests.at(-1)!;
  expect([sent.method, new URL(sent.url).pathname]).toEqual(["PATCH", "/api/v1/tasks/5"]);
  expect(await sent.json()).toEqual({ title: "New" });
});
