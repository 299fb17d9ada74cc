/** Fixed ports of the end-to-end run, apart from the ones other test runs take at random. */
export const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 18430);
export const API_PORT = Number(process.env.E2E_API_PORT ?? 18431);
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 18432);
export const SMTP_CONTROL_PORT = Number(process.env.E2E_SMTP_CONTROL_PORT ?? 18433);
export const TELEGRAM_PORT = Number(process.env.E2E_TELEGRAM_PORT ?? 18434);
export const BOT_OPS_PORT = Number(process.env.E2E_BOT_PORT ?? 18435);
export const WEB_URL = `http://127.0.0.1:${WEB_PORT}`;
export const API_URL = `http://127.0.0.1:${API_PORT}`;
export const TELEGRAM_CONTROL_URL = `http://127.0.0.1:${TELEGRAM_PORT}/_control`;
export const MAIL_CONTROL_URL = `http://127.0.0.1:${SMTP_CONTROL_PORT}/_control`;
export const BOT_USERNAME = "nudge_e2e_bot";
export const ADMIN_USERNAME = "e2e_admin";
/** The fake Telegram's token for the run's bot: any <digits>:<text> will do. */
export const BOT_TOKEN = "4242:E2E";
