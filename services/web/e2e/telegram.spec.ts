import { expect, test } from "@playwright/test";
import { botSaid, expectAccessible, newChatId, sayToBot, screenshot, signUp } from "./helpers";
import { BOT_USERNAME } from "./ports";

test("link Telegram: the code, the bot's link and its QR code, then the code sent to the bot", async ({ page }) => {
  await signUp(page);
  await page.getByRole("link", { name: "Telegram" }).click();
  await expect(page.getByText("Link your Telegram chat")).toBeVisible();
  await page.getByRole("button", { name: "Get a link code" }).click();

  const codeText = await page.locator(".code").textContent();
  const code = codeText!.match(/\/start (\S+)/)![1];
  await expect(page.getByRole("link", { name: "Open the bot in Telegram" })).toHaveAttribute("href", `https://t.me/${BOT_USERNAME}?start=${code}`);
  const qr = page.getByRole("img", { name: "QR code that opens the bot with your code" });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(100);
  await expectAccessible(page);
  await screenshot(page, "telegram");

  // What the t.me link does: the person's Telegram sends "/start <code>" to the bot.
  const chat = newChatId();
  await sayToBot(chat, `/start ${code}`);
  await expect(page.getByText("Your Telegram chat is linked")).toBeVisible({ timeout: 5_000 });
  expect((await botSaid(chat)).join("\n")).toMatch(/linked/i);
});
