import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { json, renderSignedIn, USER } from "../test/render";
import { SettingsPage } from "./SettingsPage";

it("saves the settings, channels included, and shows a refusal by its field", async () => {
  const refused = json({ detail: [{ loc: ["body", "quiet_hours", "end"], msg: "same as the start", type: "value_error" }] }, 422);
  const requests = await renderSignedIn(<SettingsPage />, () => refused);
  await userEvent.click(screen.getByLabelText("No reminders during quiet hours"));
  await userEvent.click(screen.getByRole("checkbox", { name: /^Email/ }));
  await userEvent.click(screen.getByRole("button", { name: "Save settings" }));

  expect(await screen.findByLabelText("To")).toHaveAccessibleDescription("same as the start");
  expect(await requests.at(-1)!.json()).toEqual({
    timezone: USER.timezone,
    language: "en",
    quiet_hours: { start: "22:00", end: "08:00", let_very_urgent_through: false },
    remind_before: [],
    channels: ["telegram", "email"],
  });
  expect(screen.getByText("Link Telegram first.")).toBeInTheDocument();
});

it("reads reminders as people write them, and names what it can't read without asking the API", async () => {
  const requests = await renderSignedIn(<SettingsPage />, async (request) => json({ ...USER, ...(await request.json()) }));
  const field = screen.getByLabelText("Remind before a due date");
  await userEvent.type(field, "2 days, soon");
  await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
  expect(field).toHaveAccessibleDescription(expect.stringContaining("Can’t read “soon”."));
  expect(requests.filter((request) => request.method === "PATCH")).toEqual([]);

  await userEvent.clear(field);
  await userEvent.type(field, "1d 3h, 30 min");
  await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
  expect(await screen.findByText("Saved.")).toBeInTheDocument();
  expect((await requests.at(-1)!.json()).remind_before).toEqual(["P1DT3H", "PT30M"]);
});
