import { expect, test } from "@playwright/test";
import { callApi, expectAccessible, expectNoOverflow, screenshot, signUp, tokenOf } from "./helpers";

test("the account's settings are saved, and refusals show by their field", async ({ page }) => {
  const token = await tokenOf(await signUp(page));
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
  await expectAccessible(page);

  await page.getByLabel("Time zone").fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByLabel("Time zone")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field", { has: page.getByLabel("Time zone") }).locator(".error")).toContainText("Mars/Olympus");

  await page.getByLabel("Time zone").fill("Asia/Tokyo");
  await page.getByLabel("No reminders during quiet hours").check();
  await page.getByLabel("From").fill("23:00");
  await page.getByLabel("To").fill("07:30");
  await page.getByLabel("Very urgent tasks come through").check();
  await page.getByLabel("Remind before a due date").fill("1 day, 3 hours");
  // A new account has both channels; this person wants email only.
  await expect(page.getByRole("checkbox", { name: "Email" })).toBeChecked();
  await page.getByRole("checkbox", { name: "Telegram" }).uncheck();
  const saving = page.waitForRequest((request) => request.method() === "PATCH");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  expect((await saving).postDataJSON().channels).toEqual(["email"]);

  const me = await (await callApi("/api/v1/users/me", { token })).json();
  expect(me.timezone).toBe("Asia/Tokyo");
  expect(me.quiet_hours).toMatchObject({ start: "23:00:00", end: "07:30:00", let_very_urgent_through: true });
  expect(me.remind_before).toEqual(["P1D", "PT3H"]);
  expect(me.channels).toEqual(["email"]);
  await expectNoOverflow(page);
  await expectAccessible(page);
  await screenshot(page, "settings");

  await page.getByLabel("Language", { exact: true }).last().selectOption("ru");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("heading", { name: "Настройки" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Напоминать до срока")).toHaveValue("1 день, 3 часа");
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoOverflow(page);
  await screenshot(page, "settings-phone-ru");
});
