import { defineConfig } from "@playwright/test";
import { API_PORT, WEB_URL, WEB_PORT } from "./e2e/ports";

// Debian's Chromium; Playwright never downloads a browser here (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD).
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: WEB_URL,
    launchOptions: { executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] },
    locale: "en-US",
    timezoneId: "Europe/Berlin",
    trace: "retain-on-failure",
  },
  webServer: {
    command: `npx vite build && npx vite preview --strictPort --host 127.0.0.1 --port ${WEB_PORT}`,
    url: WEB_URL,
    env: { API_URL: `http://127.0.0.1:${API_PORT}` },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
