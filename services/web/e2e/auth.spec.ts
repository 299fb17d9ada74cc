import { expect, test } from "@playwright/test";
import { expectAccessible, newUsername, PASSWORD, signUp } from "./helpers";

test("sign up, sign out and sign in again, with no accessibility violation", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expectAccessible(page);
  const username = await signUp(page);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your tasks" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Your tasks" })).toBeVisible();
});

test("a refused sign-up shows the API's message by the field it names", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Username").fill(newUsername());
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  const password = page.getByLabel("Password");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field", { has: password }).locator(".error")).toContainText("10");
  await expectAccessible(page);
});

test("keyboard alone: sign up and create a task", async ({ page }) => {
  await page.goto("/sign-up");
  await page.keyboard.press("Tab"); // the skip link
  await page.keyboard.press("Tab"); // the language
  await page.keyboard.press("Tab");
  await page.keyboard.type(newUsername());
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Your tasks" })).toBeVisible();

  await page.getByRole("button", { name: "New task" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Title", { exact: true })).toBeFocused();
  await page.keyboard.type("Typed without a mouse");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Typed without a mouse" })).toBeVisible();
});
