import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { PASSWORD } from "./helpers";
import {
  ADMIN_USERNAME,
  API_PORT,
  API_URL,
  BOT_OPS_PORT,
  BOT_TOKEN,
  BOT_USERNAME,
  MAIL_CONTROL_URL,
  SMTP_CONTROL_PORT,
  SMTP_PORT,
  TELEGRAM_CONTROL_URL,
  TELEGRAM_PORT,
} from "./ports";

// A real task-api on a fresh database and RabbitMQ vhost, as the Python tests start one
// (todo_testkit api_env), mailing through the fake SMTP server, with an admin; and the real
// bot, long-polling the fake Telegram, through which the tests type to it as a person would.
const REPOSITORY = new URL("../../..", import.meta.url).pathname;
const POSTGRES = process.env.E2E_POSTGRES ?? "postgresql://postgres@127.0.0.1:5432";
const AMQP_URL = process.env.E2E_AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672/";
const secret = () => randomBytes(32).toString("hex");

function psql(command: string): void {
  execFileSync("psql", [`${POSTGRES}/postgres`, "-qAtc", command], { stdio: "inherit" });
}

/** RabbitMQ's management API beside the AMQP URL (same host and credentials, port 15672). */
function management(): { url: string; authorization: string } {
  const amqp = new URL(AMQP_URL);
  const url = process.env.E2E_RABBITMQ_MANAGEMENT_URL ?? `http://${amqp.hostname}:15672`;
  const credentials = `${decodeURIComponent(amqp.username || "guest")}:${decodeURIComponent(amqp.password || "guest")}`;
  return { url, authorization: `Basic ${Buffer.from(credentials).toString("base64")}` };
}

/** A vhost of this run's own, so that its queues (dead letters) are no other run's; its AMQP URL. */
async function makeVhost(vhost: string): Promise<string> {
  const { url, authorization } = management();
  const call = async (method: string, path: string, body?: unknown) => {
    const answer = await fetch(`${url}/api${path}`, { method, headers: { authorization, "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!answer.ok) throw new Error(`RabbitMQ's management API answered ${answer.status} to ${method} ${path}`);
  };
  await call("PUT", `/vhosts/${vhost}`);
  await call("PUT", `/permissions/${vhost}/${decodeURIComponent(new URL(AMQP_URL).username || "guest")}`, { configure: ".*", write: ".*", read: ".*" });
  return Object.assign(new URL(AMQP_URL), { pathname: `/${vhost}` }).toString();
}

async function dropVhost(vhost: string): Promise<void> {
  const { url, authorization } = management();
  await fetch(`${url}/api/vhosts/${vhost}`, { method: "DELETE", headers: { authorization } });
}

async function waitUntilUp(child: ChildProcess, url: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const up = await fetch(url).then((answer) => answer.ok, () => false);
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} did not come up in 30 s`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

function startFakeSmtp(): ChildProcess {
  const ports = ["--host", "127.0.0.1", "--smtp-port", String(SMTP_PORT), "--control-port", String(SMTP_CONTROL_PORT), "--no-starttls"];
  return spawn("uv", ["run", "--quiet", "python", "-m", "fake_smtp", ...ports], { cwd: REPOSITORY, stdio: "ignore" });
}

function startFakeTelegram(): ChildProcess {
  const options = ["--host", "127.0.0.1", "--port", String(TELEGRAM_PORT), "--token", BOT_TOKEN];
  return spawn("uv", ["run", "--quiet", "python", "-m", "fake_telegram", ...options], { cwd: REPOSITORY, stdio: "ignore" });
}

function startBot(env: NodeJS.ProcessEnv, token: string): ChildProcess {
  const bot = {
    ...env,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_BASE: `http://127.0.0.1:${TELEGRAM_PORT}`,
    API_URL,
    API_TOKEN: token,
    PORT: String(BOT_OPS_PORT),
  };
  return spawn("uv", ["run", "--quiet", "python", "-m", "telegram_bot"], { cwd: REPOSITORY, env: bot, stdio: ["ignore", "inherit", "inherit"] });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const run = `todo_web_e2e_${process.pid}`;
  psql(`CREATE DATABASE ${run}`);
  const amqpUrl = await makeVhost(run);
  const tokens = { "notifier-producer": secret(), "notifier-worker": secret(), "telegram-bot": secret() };
  const env = {
    ...process.env,
    DATABASE_URL: `${POSTGRES.replace("postgresql:", "postgresql+asyncpg:")}/${run}`,
    AMQP_URL: amqpUrl,
    JWT_SECRET: secret(),
    SERVICE_TOKENS: JSON.stringify(tokens),
    PORT: String(API_PORT),
    PASSWORD_HASH_TIME_COST: "1",
    PASSWORD_HASH_MEMORY_KIB: "1024",
    DEFAULT_QUIET_HOURS: "off",
    IMPORT_INTERVAL_SECONDS: "0",
    TELEGRAM_BOT_USERNAME: BOT_USERNAME,
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(SMTP_PORT),
    SMTP_SECURITY: "none",
    MAIL_FROM: "nudge@todo.test",
    EMAIL_CODE_INTERVAL: "0",
    LOG_LEVEL: "WARNING",
  };
  const uv = (args: string[], input?: string) => execFileSync("uv", ["run", "--quiet", "python", "-m", ...args], { cwd: REPOSITORY, env, input, stdio: ["pipe", "ignore", "inherit"] });
  uv(["task_api", "migrate"]);
  uv(["task_api", "create-admin", ADMIN_USERNAME, "--password-stdin"], `${PASSWORD}\n`);
  const smtp = startFakeSmtp();
  const api = spawn("uv", ["run", "--quiet", "python", "-m", "task_api"], { cwd: REPOSITORY, env, stdio: ["ignore", "inherit", "inherit"] });
  await waitUntilUp(smtp, `${MAIL_CONTROL_URL}/health`, "fake-smtp");
  await waitUntilUp(api, `${API_URL}/ready`, "task-api");
  const telegram = startFakeTelegram();
  await waitUntilUp(telegram, `${TELEGRAM_CONTROL_URL}/health`, "fake-telegram");
  const bot = startBot(env, tokens["telegram-bot"]);
  await waitUntilUp(bot, `http://127.0.0.1:${BOT_OPS_PORT}/ready`, "telegram-bot");
  process.env.E2E_BOT_TOKEN = tokens["telegram-bot"];
  process.env.E2E_WORKER_TOKEN = tokens["notifier-worker"];
  process.env.E2E_RUN_AMQP_URL = amqpUrl;
  return async () => {
    await Promise.all([stop(bot), stop(telegram)]);
    await Promise.all([stop(api), stop(smtp)]);
    psql(`DROP DATABASE IF EXISTS ${run} WITH (FORCE)`);
    await dropVhost(run);
  };
}
