import { expect, test } from "@playwright/test";
import { callApi, expectAccessible, expectNoOverflow, screenshot, signUp, tokenOf } from "./helpers";
import { MAIL_CONTROL_URL } from "./ports";

/** The verification code in the newest mail to `address`, as the fake SMTP server took it. */
async function mailedCode(address: string, count: number): Promise<string> {
  const answer = await fetch(`${MAIL_CONTROL_URL}/messages?to=${encodeURIComponent(address)}&min_count=${count}&timeout=10`);
  expect(answer.status).toBe(200);
  const { messages } = (await answer.json()) as { messages: { text: string }[] };
  return messages.at(-1)!.text.match(/: (\d{6})\b/)![1];
}

test("email in the settings: an address, the code mailed to it confirmed in the page, the channel reachable", async ({ page }) => {
  const username = await signUp(page);
  const address = `${username}@todo.test`;
  await page.getByRole("link", { name: "Settings" }).click();
  const emailChannel = page.getByRole("checkbox", { name: /^Email/ });
  await expect(page.locator("label.check", { has: emailChannel })).toContainText("Verify your email first.");

  await page.getByRole("textbox", { name: "Email" }).fill(address);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("status").filter({ hasText: `A code is on its way to ${address}.` })).toBeVisible();
  await expect(page.getByText("Not verified yet")).toBeVisible();

  await page.getByLabel("Verification code").fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByLabel("Verification code")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Mail a new code" }).click();
  await page.getByLabel("Verification code").fill(await mailedCode(address, 2));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Address confirmed: reminders can go by email now." })).toBeVisible();
  await expect(page.getByText("Verified.", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Verification code")).toHaveCount(0);
  await expect(page.locator("label.check", { has: emailChannel })).not.toContainText("Verify your email first.");

  const me = await (await callApi("/api/v1/users/me", { token: await tokenOf(username) })).json();
  expect(me).toMatchObject({ email: address, email_verified: true, email_unreachable: false });
  expect(me.channels).toContain("email");
  await expectAccessible(page);
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoOverflow(page);
  await screenshot(page, "settings-email-phone");
});
