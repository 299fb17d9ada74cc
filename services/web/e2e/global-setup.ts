import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { API_PORT, API_URL, BOT_USERNAME } from "./ports";

// A real task-api on a fresh database, as the Python tests start one (todo_testkit api_env).
const REPOSITORY = new URL("../../..", import.meta.url).pathname;
const POSTGRES = process.env.E2E_POSTGRES ?? "postgresql://postgres@127.0.0.1:5432";
const AMQP_URL = process.env.E2E_AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672/";
const secret = () => randomBytes(32).toString("hex");

function psql(command: string): void {
  execFileSync("psql", [`${POSTGRES}/postgres`, "-qAtc", command], { stdio: "inherit" });
}

async function waitUntilReady(api: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (api.exitCode !== null) throw new Error(`task-api exited with ${api.exitCode}`);
    const ready = await fetch(`${API_URL}/ready`).then((answer) => answer.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("task-api did not become ready in 30 s");
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const database = `todo_web_e2e_${process.pid}`;
  psql(`CREATE DATABASE ${database}`);
  const tokens = { "notifier-producer": secret(), "notifier-worker": secret(), "telegram-bot": secret() };
  const env = {
    ...process.env,
    DATABASE_URL: `${POSTGRES.replace("postgresql:", "postgresql+asyncpg:")}/${database}`,
    AMQP_URL,
    JWT_SECRET: secret(),
    SERVICE_TOKENS: JSON.stringify(tokens),
    PORT: String(API_PORT),
    PASSWORD_HASH_TIME_COST: "1",
    PASSWORD_HASH_MEMORY_KIB: "1024",
    DEFAULT_QUIET_HOURS: "off",
    IMPORT_INTERVAL_SECONDS: "0",
    TELEGRAM_BOT_USERNAME: BOT_USERNAME,
    LOG_LEVEL: "WARNING",
  };
  execFileSync("uv", ["run", "--quiet", "python", "-m", "task_api", "migrate"], { cwd: REPOSITORY, env, stdio: "inherit" });
  const api = spawn("uv", ["run", "--quiet", "python", "-m", "task_api"], { cwd: REPOSITORY, env, stdio: ["ignore", "inherit", "inherit"] });
  await waitUntilReady(api);
  process.env.E2E_BOT_TOKEN = tokens["telegram-bot"];
  return async () => {
    const exited = new Promise((resolve) => api.once("exit", resolve));
    api.kill("SIGTERM");
    await exited;
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  };
}
