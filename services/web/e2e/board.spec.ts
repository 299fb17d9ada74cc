import { expect, test } from "@playwright/test";
import { createTask, expectAccessible, expectNoOverflow, screenshot, signUp, tokenOf } from "./helpers";

test("create, edit, finish, snooze and delete a task", async ({ page }) => {
  await signUp(page);
  await page.getByRole("button", { name: "New task" }).click();
  await page.getByLabel("Title", { exact: true }).fill("Pay rent");
  await page.getByRole("form", { name: "New task" }).getByLabel("Urgency").selectOption("urgent");
  await page.getByLabel("Due").fill("2031-12-06T18:00");
  await page.getByRole("button", { name: "Create task" }).click();
  const card = page.getByRole("article", { name: "Pay rent" });
  await expect(card).toContainText("Urgent");
  await expect(card).toContainText("2031");

  await card.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Title", { exact: true }).fill("Pay the rent");
  await page.getByRole("button", { name: "Save" }).click();
  const renamed = page.getByRole("article", { name: "Pay the rent" });
  await expect(renamed).toBeVisible();

  await renamed.getByText("Snooze").click();
  await renamed.getByRole("button", { name: "For an hour" }).click();
  await expect(renamed).toContainText("Snoozed until");

  await renamed.getByRole("button", { name: "Mark done" }).click();
  const done = page.getByRole("region", { name: /^Done/ });
  await expect(done.getByRole("article", { name: "Pay the rent" })).toBeVisible();

  page.once("dialog", (dialog) => dialog.accept());
  await done.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("article", { name: "Pay the rent" })).toHaveCount(0);
});

test("the API's 422 shows next to the field it names, in the reader's language", async ({ page }) => {
  await signUp(page);
  await page.getByRole("button", { name: "New task" }).click();
  await page.getByLabel("Title", { exact: true }).fill("Too late");
  await page.getByLabel("Remind at").fill("2001-01-01T09:00");
  await page.getByRole("button", { name: "Create task" }).click();
  const remindAt = page.getByLabel("Remind at");
  await expect(remindAt).toHaveAttribute("aria-invalid", "true");
  const message = page.locator(".field", { has: remindAt }).locator(".error");
  await expect(message).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Language").selectOption("ru");
  await page.getByRole("button", { name: "Создать задачу" }).click();
  await expect(page.locator(".field", { has: page.getByLabel("Напомнить") }).locator(".error")).toHaveText(/[а-я]/);
});

test("group, filter, search and page; a 500-character title breaks no layout", async ({ page }) => {
  const username = await signUp(page);
  const token = await tokenOf(username);
  const long = "Ж".repeat(20) + "w".repeat(480);
  await createTask(token, { title: long, urgency: "very_urgent", due_at: "2031-01-02T10:00" });
  await createTask(token, { title: "Buy milk", description: "Two litres", due_at: "2031-01-01T10:00" });
  await createTask(token, { title: "Call mum", urgency: "urgent", status: "in_progress" });
  await createTask(token, { title: "Water the plants", status: "done" });
  await page.reload();

  await expect(page.getByRole("article")).toHaveCount(4);
  await expectNoOverflow(page);
  await expectAccessible(page);
  await screenshot(page, "board");

  await page.getByLabel("Group by").selectOption("due");
  await expect(page.getByRole("region", { name: /^No due date/ }).getByRole("article")).toHaveCount(2);
  await page.getByLabel("Group by").selectOption("urgency");
  await expect(page.getByRole("region", { name: /^Very urgent/ }).getByRole("article")).toHaveCount(1);
  await page.getByLabel("Status", { exact: true }).selectOption("done");
  await expect(page.getByRole("article")).toHaveCount(1);
  await page.getByLabel("Status", { exact: true }).selectOption("");
  await page.getByLabel("Search by title").fill("MILK");
  await expect(page.getByRole("article")).toHaveCount(1);
  await page.getByLabel("Search by title").fill("");

  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByLabel("Group by").selectOption("status");
  await expectNoOverflow(page);
  await expectAccessible(page);
  await screenshot(page, "board-phone");
});

test("pages of 50", async ({ page }) => {
  const username = await signUp(page);
  const token = await tokenOf(username);
  for (let number = 1; number <= 52; number++) await createTask(token, { title: `Task ${number}` });
  await page.reload();
  await expect(page.getByRole("article")).toHaveCount(50);
  await expect(page.getByText("Page 1 of 2")).toBeVisible();
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page.getByRole("article")).toHaveCount(2);
  await expect(page.getByRole("heading", { name: "Task 52" })).toBeVisible();
});
