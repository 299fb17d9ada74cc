import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { json, renderSignedIn } from "../test/render";
import { DeadLettersPage } from "./DeadLettersPage";
import type { DeadLetter } from "../api/types";

const LETTER: DeadLetter = {
  id: 7, message_id: "12:2030-05-01T09:00:00+00:00", queue: "notifications.send", reason: "Forbidden: bot was blocked by the user",
  attempts: 5, dead_lettered_at: "2030-05-01T09:03:00Z", task_id: 12, user_id: 3, body: '{"task_id":12,"text":"Call mum"}',
};
const UNKNOWN: DeadLetter = { ...LETTER, id: 8, queue: null, reason: null, attempts: null, message_id: null, task_id: null, user_id: null, body: "\u00ff?" };

function deadLetterOffice(letters: DeadLetter[]) {
  return (request: Request) => {
    const { pathname } = new URL(request.url);
    if (request.method === "GET") return json({ items: letters, total: letters.length, skip: 0, limit: 20 });
    if (pathname.endsWith("/8/resend")) return json({ detail: "this letter names no queue of reminders" }, 409);
    return json({ resent: pathname.endsWith("/dead-letters/resend") ? 2 : 1 });
  };
}

it("lists dead letters with their reason, queue, attempts and body, and sends one again", async () => {
  const requests = await renderSignedIn(<DeadLettersPage />, deadLetterOffice([LETTER, UNKNOWN]));
  const card = await screen.findByRole("article", { name: LETTER.reason! });
  expect(card).toHaveTextContent("Telegram (notifications.send)");
  expect(within(card).getByRole("link", { name: "#3" })).toHaveAttribute("href", "/admin/users/3");
  expect(within(card).getByText(/"text": "Call mum"/)).toBeInTheDocument();
  expect(screen.getByRole("article", { name: "No reason given" })).toHaveTextContent("QueueUnknown");

  await userEvent.click(within(card).getByRole("button", { name: "Send again" }));
  expect(await screen.findByText("1 message sent again.")).toBeInTheDocument();
  expect(requests.some((request) => request.method === "POST" && request.url.endsWith("/api/v1/admin/dead-letters/7/resend"))).toBe(true);

  const unknown = screen.getByRole("article", { name: "No reason given" });
  await userEvent.click(within(unknown).getByRole("button", { name: "Send again" }));
  expect(await within(unknown).findByRole("alert")).toHaveTextContent("this letter names no queue of reminders");
});

it("sends all of one queue again once confirmed, and discards one", async () => {
  const confirm = vi.fn(() => true);
  vi.stubGlobal("confirm", confirm);
  const requests = await renderSignedIn(<DeadLettersPage />, deadLetterOffice([LETTER, { ...LETTER, id: 9, reason: "bounced" }]));
  await screen.findByText("2 dead letters");
  await userEvent.selectOptions(screen.getByLabelText("Queue"), "notifications.send.email");
  await userEvent.click(screen.getByRole("button", { name: "Send all again" }));
  expect(confirm).toHaveBeenCalledWith("Send all 2 dead letters again?");
  expect(await screen.findByText("2 messages sent again.")).toBeInTheDocument();
  expect(requests.find((request) => request.method === "POST")!.url).toMatch(/\/dead-letters\/resend\?queue=notifications\.send\.email$/);

  await userEvent.click(within(screen.getByRole("article", { name: "bounced" })).getByRole("button", { name: "Discard" }));
  expect(await screen.findByText("Discarded.")).toBeInTheDocument();
  expect(requests.some((request) => request.method === "DELETE" && request.url.endsWith("/dead-letters/9"))).toBe(true);
});
