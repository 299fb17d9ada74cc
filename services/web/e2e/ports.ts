/** Fixed ports of the end-to-end run, apart from the ones other test runs take at random. */
export const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 18430);
export const API_PORT = Number(process.env.E2E_API_PORT ?? 18431);
export const WEB_URL = `http://127.0.0.1:${WEB_PORT}`;
export const API_URL = `http://127.0.0.1:${API_PORT}`;
export const BOT_USERNAME = "nudge_e2e_bot";
