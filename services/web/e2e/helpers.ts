import { expect, type Page } from "@playwright/test";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { API_URL, TELEGRAM_CONTROL_URL } from "./ports";

export const PASSWORD = "correct horse battery staple";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SCREENSHOTS = new URL("../screenshots/", import.meta.url).pathname;
let people = 0;

export function newUsername(): string {
  return `person${Date.now().toString(36)}${people++}`;
}

/** Sign up through the pages and land on the board; gives the username. */
export async function signUp(page: Page): Promise<string> {
  const username = newUsername();
  await page.goto("/sign-up");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Your tasks" })).toBeVisible();
  return username;
}

/** Call task-api directly, as another client (the bot, a script) would. */
export async function callApi(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  if (init.body) headers.set("Content-Type", "application/json");
  return fetch(`${API_URL}${path}`, { ...init, headers });
}

export async function tokenOf(username: string): Promise<string> {
  const answer = await callApi("/api/v1/auth/token", { method: "POST", body: JSON.stringify({ username, password: PASSWORD }) });
  return ((await answer.json()) as { access_token: string }).access_token;
}

export async function createTask(token: string, task: Record<string, unknown>): Promise<{ id: number; title: string }> {
  const answer = await callApi("/api/v1/tasks", { method: "POST", token, body: JSON.stringify(task) });
  expect(answer.status).toBe(201);
  return answer.json();
}

/** No accessibility violation that axe-core finds on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
    return (await axe.run()).violations.map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`);
  });
  expect(violations).toEqual([]);
}

/** Nothing is wider than the window: no sideways scrolling. */
export async function expectNoOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

export interface Person {
  id: number;
  username: string;
  token: string;
}

/** Sign up through the API, as another person would have. */
export async function register(): Promise<Person> {
  const username = newUsername();
  const answer = await callApi("/api/v1/auth/register", { method: "POST", body: JSON.stringify({ username, password: PASSWORD }) });
  expect(answer.status).toBe(201);
  const { id } = (await answer.json()) as { id: number };
  return { id, username, token: await tokenOf(username) };
}

/** The person links a chat, as the bot does when they send it their code. */
export async function linkChat(person: Person, chatId: number): Promise<void> {
  const { code } = await (await callApi("/api/v1/users/me/telegram-link", { method: "POST", token: person.token })).json();
  const linked = await callApi("/api/v1/telegram/links", { method: "POST", token: process.env.E2E_BOT_TOKEN, body: JSON.stringify({ chat_id: chatId, code }) });
  expect(linked.status).toBe(200);
}

/** Sign in through the pages and land on the board. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your tasks" })).toBeVisible();
}

/** Accept the next confirm() the page asks, after checking what it asks. */
export function acceptNextConfirm(page: Page, message: string | RegExp): void {
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toMatch(message);
    void dialog.accept();
  });
}

/** Type to the bot as the person of this chat would, through the fake Telegram. */
export async function sayToBot(chatId: number, text: string): Promise<void> {
  const typed = await fetch(`${TELEGRAM_CONTROL_URL}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text, user_id: chatId, first_name: "Ann", language_code: "en" }),
  });
  expect(typed.status).toBe(200);
}

/** What the bot has said in this chat so far, oldest first. */
export async function botSaid(chatId: number): Promise<string[]> {
  const chat = await (await fetch(`${TELEGRAM_CONTROL_URL}/chats/${chatId}/messages`)).json();
  return (chat.messages as { from: { is_bot: boolean }; text?: string }[])
    .filter((message) => message.from.is_bot)
    .map((message) => message.text ?? "");
}

/** A chat of its own for each test: a Telegram user id nobody else uses in this run. */
export function newChatId(): number {
  return 100_000 + Math.floor(Math.random() * 1_000_000_000);
}
