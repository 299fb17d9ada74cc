/** Fixed ports of the end-to-end run, apart from the ones other test runs take at random. */
export const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 18430);
export const API_PORT = Number(process.env.E2E_API_PORT ?? 18431);
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 18432);
export const SMTP_CONTROL_PORT = Number(process.env.E2E_SMTP_CONTROL_PORT ?? 18433);
export const WEB_URL = `http://127.0.0.1:${WEB_PORT}`;
export const API_URL = `http://127.0.0.1:${API_PORT}`;
export const MAIL_CONTROL_URL = `http://127.0.0.1:${SMTP_CONTROL_PORT}/_control`;
export const BOT_USERNAME = "nudge_e2e_bot";
export const ADMIN_USERNAME = "e2e_admin";
