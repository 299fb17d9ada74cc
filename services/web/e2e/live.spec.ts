import { expect, test, type WebSocketRoute } from "@playwright/test";
import { botSaid, callApi, createTask, newChatId, sayToBot, signUp, tokenOf } from "./helpers";

const LIVE = { timeout: 1_000 };

test("a change made in the bot appears within a second", async ({ page }) => {
  const token = await tokenOf(await signUp(page));
  const chat = newChatId();
  const { code } = await (await callApi("/api/v1/users/me/telegram-link", { method: "POST", token })).json();
  await sayToBot(chat, `/start ${code}`);
  await expect.poll(async () => (await botSaid(chat)).join("\n")).toMatch(/^Linked/m);
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();

  await sayToBot(chat, "/new Sent from Telegram");
  const card = page.getByRole("article", { name: "Sent from Telegram" });
  await expect(card).toBeVisible(LIVE);
  const { items } = await (await callApi("/api/v1/tasks", { token })).json();
  const [task] = items as { id: number }[];

  await sayToBot(chat, `/done ${task.id}`);
  await expect(page.getByRole("region", { name: /^Done/ }).getByRole("article", { name: "Sent from Telegram" })).toBeVisible(LIVE);

  await callApi(`/api/v1/tasks/${task.id}`, { method: "DELETE", token });
  await expect(card).toHaveCount(0, LIVE);
});

test("a task made in another tab appears in this one", async ({ page, context }) => {
  await signUp(page);
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  const other = await context.newPage();
  await other.goto("/");
  await other.getByRole("button", { name: "New task" }).click();
  await other.getByLabel("Title", { exact: true }).fill("Made in the other tab");
  await other.getByRole("button", { name: "Create task" }).click();
  await expect(page.getByRole("article", { name: "Made in the other tab" })).toBeVisible(LIVE);
});

test("after the WebSocket drops, it reconnects and loads what it missed", async ({ page }) => {
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/ws\/tasks$/, (socket) => {
    socket.connectToServer();
    sockets.push(socket);
  });
  const token = await tokenOf(await signUp(page));
  const live = page.getByRole("status").filter({ hasText: "Live" });
  await expect(live).toBeVisible();

  await sockets[0].close({ code: 4000, reason: "dropped by the test" });
  await expect(page.getByRole("status").filter({ hasText: "Reconnecting" })).toBeVisible();
  await createTask(token, { title: "Made while offline" });

  await expect(live).toBeVisible();
  await expect(page.getByRole("article", { name: "Made while offline" })).toBeVisible();
  expect(sockets).toHaveLength(2);
});
