import { expect, test, type Page } from "@playwright/test";
import {
  acceptNextConfirm, callApi, createTask, expectAccessible, expectNoOverflow, linkChat, register, screenshot, signIn, signUp, tokenOf,
} from "./helpers";
import { ADMIN_USERNAME } from "./ports";

async function openAdmin(page: Page): Promise<void> {
  await signIn(page, ADMIN_USERNAME);
  await page.getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
}

const cardOf = (page: Page, username: string) => page.getByRole("article", { name: username, exact: true });

test("the admin section is not there for people who are not admins", async ({ page }) => {
  await signUp(page);
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await page.goto("/admin/dead-letters");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("admin: a person's tasks, from the address of their page", async ({ page }) => {
  const person = await register();
  await createTask(person.token, { title: "Water the plants", urgency: "very_urgent", due_at: "2030-05-01T09:00:00Z" });
  await openAdmin(page);
  await page.goto(`/admin/users/${person.id}`);
  await expect(page.getByRole("heading", { name: `Tasks of ${person.username}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Water the plants" })).toBeVisible();
  await expect(page.getByText("1 task", { exact: true })).toBeVisible();
  await expect(page.getByText("Very urgent")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "admin-user-tasks");
});

test("admin: users with their chat, email and channels, found by name and role, a role changed", async ({ page }) => {
  const person = await register();
  await linkChat(person, 515151);
  await createTask(person.token, { title: "Renew the passport" });
  await openAdmin(page);
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await expect(cardOf(page, `${ADMIN_USERNAME} (you)`)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "admin-users");

  await page.getByLabel("Username contains").fill(person.username.toUpperCase());
  await page.getByLabel("Username contains").press("Enter");
  await expect(page.getByText("1 user", { exact: true })).toBeVisible();
  const card = cardOf(page, person.username);
  await expect(card.locator("dd")).toContainText(["User", "Linked", "None", "Email, Telegram"]);

  acceptNextConfirm(page, `Change the role of ${person.username} to “Admin”?`);
  await card.getByRole("button", { name: "Make admin" }).press("Enter");
  await expect(card.locator(".badge")).toHaveText("Admin");
  const admin = await tokenOf(ADMIN_USERNAME);
  expect((await (await callApi(`/api/v1/users/${person.id}`, { token: admin })).json()).role).toBe("admin");

  await page.getByLabel("Username contains").fill("");
  await page.getByLabel("Role").selectOption("admin");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(cardOf(page, person.username)).toBeVisible();
  await expect(cardOf(page, `${ADMIN_USERNAME} (you)`)).toBeVisible();
  acceptNextConfirm(page, /“User”\?$/);
  await cardOf(page, person.username).getByRole("button", { name: "Make a regular user" }).click();
  await expect(cardOf(page, person.username)).toHaveCount(0);

  await page.getByRole("checkbox", { name: "Only with the Telegram chat unreachable" }).check();
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("No user matches.")).toBeVisible();

  await page.getByRole("checkbox", { name: "Only with the Telegram chat unreachable" }).uncheck();
  await page.getByLabel("Role").selectOption("");
  await page.getByLabel("Username contains").fill(person.username);
  await page.getByRole("button", { name: "Show" }).click();
  await cardOf(page, person.username).getByRole("link", { name: `Tasks of ${person.username}` }).click();
  await expect(page.getByRole("heading", { name: "Renew the passport" })).toBeVisible();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByRole("link", { name: "All users" }).click();
  await expect(cardOf(page, person.username)).toBeVisible();
  await expectNoOverflow(page);
  await screenshot(page, "admin-users-phone");
});

test("admin: the chats marked unreachable, and what that means", async ({ page }) => {
  const [blocked, reachable] = [await register(), await register()];
  await linkChat(blocked, 616161);
  await linkChat(reachable, 626262);
  const marked = await callApi(`/api/v1/users/${blocked.id}/telegram-unreachable`, { method: "POST", token: process.env.E2E_WORKER_TOKEN });
  expect(marked.status).toBe(200);

  await openAdmin(page);
  await page.getByRole("link", { name: "Unreachable chats" }).click();
  await expect(page.getByText("blocked the bot (or were deleted)")).toBeVisible();
  await expect(cardOf(page, blocked.username)).toContainText("Unreachable: the chat blocked the bot");
  await expect(cardOf(page, reachable.username)).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "admin-unreachable");

  await page.getByLabel("Language", { exact: true }).selectOption("ru");
  await expect(page.getByRole("heading", { name: "Недоступные чаты" })).toBeVisible();
  await expect(cardOf(page, blocked.username)).toContainText("Недоступен: чат заблокировал бота");
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoOverflow(page);
  await expectAccessible(page);
  await screenshot(page, "admin-unreachable-phone-ru");
});
