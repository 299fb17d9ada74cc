import { expect, test, type Page } from "@playwright/test";
import { publishDeadLetters, takeFrom, type Letter } from "./amqp";
import { acceptNextConfirm, createTask, expectAccessible, expectNoOverflow, register, screenshot, signIn, type Person } from "./helpers";
import { ADMIN_USERNAME } from "./ports";

// Needs task-api's dead-letter office (GET/POST/DELETE /api/v1/admin/dead-letters), which files
// notifications.dead in PostgreSQL: it fails against a task-api without it.

function reminder(person: Person, taskId: number, queue: string, reason: string, hour: number): Letter {
  const message_id = `${taskId}:2030-05-01T${String(hour).padStart(2, "0")}:00:00+00:00:${queue}`;
  return {
    message_id,
    headers: { "x-queue": queue, "x-reason": reason, "x-attempts": 5, "x-dead-lettered-at": "2030-05-01T09:03:00+00:00" },
    body: { version: 2, reminder_id: message_id, task_id: taskId, user_id: person.id, chat_id: 717171, text: "Call mum", due_at: "2030-05-01T09:00:00Z", language: "en" },
  };
}

const letterCard = (page: Page, reason: string) => page.getByRole("article", { name: reason });

test("admin: dead letters listed with their reasons, one sent again, one discarded, the rest sent again", async ({ page }) => {
  const person = await register();
  const task = await createTask(person.token, { title: "Call mum" });
  const blocked = reminder(person, task.id, "notifications.send", "Forbidden: bot was blocked by the user", 9);
  const bounced = reminder(person, task.id, "notifications.send.email", "gave up after 5 attempts: 451 4.3.0 Try again later", 9);
  const stale = reminder(person, task.id, "notifications.send", "Bad Request: chat not found", 10);
  publishDeadLetters([blocked, bounced, stale]);

  await signIn(page, ADMIN_USERNAME);
  await page.getByRole("link", { name: "Admin" }).click();
  await page.getByRole("link", { name: "Dead letters" }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("3 dead letters")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  const card = letterCard(page, blocked.headers["x-reason"] as string);
  await expect(card.locator("dd")).toContainText(["Telegram (notifications.send)", "5", `#${person.id}`, `#${task.id}`, blocked.message_id]);
  await card.getByText("Message body").press("Enter"); // keyboard alone, as the buttons below
  await expect(card.locator("pre")).toContainText(`"reminder_id": "${blocked.message_id}"`);
  await expectAccessible(page);
  await screenshot(page, "admin-dead-letters");
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoOverflow(page);
  await screenshot(page, "admin-dead-letters-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByLabel("Queue").selectOption("notifications.send.email");
  await expect(page.getByText("1 dead letter", { exact: true })).toBeVisible();
  await expect(letterCard(page, bounced.headers["x-reason"] as string)).toContainText("Email (notifications.send.email)");
  await page.getByLabel("Queue").selectOption("");

  await card.getByRole("button", { name: "Send again" }).press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "1 message sent again." })).toBeVisible();
  await expect(page.getByText("2 dead letters")).toBeVisible();
  expect(takeFrom("notifications.send")).toEqual([blocked.message_id]);

  acceptNextConfirm(page, "Discard this dead letter? It will not be sent.");
  await letterCard(page, stale.headers["x-reason"] as string).getByRole("button", { name: "Discard" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Discarded." })).toBeVisible();
  await expect(page.getByText("1 dead letter", { exact: true })).toBeVisible();

  acceptNextConfirm(page, "Send 1 dead letter again?");
  await page.getByRole("button", { name: "Send all again" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 message sent again." })).toBeVisible();
  await expect(page.getByText("No dead letters.")).toBeVisible();
  expect(takeFrom("notifications.send.email")).toEqual([bounced.message_id]);
  expect(takeFrom("notifications.send")).toEqual([]);
  await expectAccessible(page);
});
