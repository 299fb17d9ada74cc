import { expect, type Page } from "@playwright/test";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { API_URL } from "./ports";

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
