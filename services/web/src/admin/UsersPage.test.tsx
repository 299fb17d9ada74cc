import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { User } from "../api/types";
import { json, renderSignedIn, USER } from "../test/render";
import { UsersPage } from "./UsersPage";

const BOB: User = {
  ...USER, id: 2, username: "bob", email: "bob@example.org", email_verified: true, email_unreachable: true,
  telegram_chat_id: 42, telegram_unreachable: true, channels: ["email", "telegram"],
};

it("finds users by name, role and unreachable chat, and shows their chat, email and channels", async () => {
  const requests = await renderSignedIn(<UsersPage />, () => json({ items: [USER, BOB], total: 2, skip: 0, limit: 20 }));
  const bob = await screen.findByRole("article", { name: "bob" });
  expect(bob).toHaveTextContent("Unreachable: the chat blocked the bot");
  expect(bob).toHaveTextContent("bob@example.org, bouncing");
  expect(bob).toHaveTextContent("Email, Telegram");
  expect(within(screen.getByRole("article", { name: "alice (you)" })).queryByRole("button")).toBeNull();

  await userEvent.type(screen.getByLabelText("Username contains"), " bo ");
  await userEvent.selectOptions(screen.getByLabelText("Role"), "admin");
  await userEvent.click(screen.getByLabelText("Only with the Telegram chat unreachable"));
  await userEvent.click(screen.getByRole("button", { name: "Show" }));
  await screen.findByRole("article", { name: "bob" });
  const query = new URL(requests.at(-1)!.url).searchParams;
  expect(Object.fromEntries(query)).toEqual({ q: "bo", role: "admin", telegram_unreachable: "true", skip: "0", limit: "20" });
});

it("changes a user's role once confirmed, and loads the list again", async () => {
  vi.stubGlobal("confirm", vi.fn(() => true));
  const requests = await renderSignedIn(<UsersPage />, (request) =>
    request.method === "PATCH" ? json({ ...BOB, role: "admin" }) : json({ items: [BOB], total: 1, skip: 0, limit: 20 }),
  );
  await userEvent.click(await screen.findByRole("button", { name: "Make admin" }));
  const patch = requests.find((request) => request.method === "PATCH")!;
  expect(new URL(patch.url).pathname).toBe("/api/v1/users/2");
  expect(await patch.json()).toEqual({ role: "admin" });
  await vi.waitFor(() => expect(requests.filter((request) => request.method === "GET" && request.url.includes("/api/v1/users?")).length).toBe(2));
});
