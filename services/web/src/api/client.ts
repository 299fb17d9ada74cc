import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

export type Api = Client<paths>;

export interface ApiContext {
  /** The access token to send, if signed in. */
  token(): string | null;
  /** The language the API should answer its errors in. */
  language(): string;
}

/** A typed client of task-api that signs its requests and asks for the reader's language. */
export function createApi(context: ApiContext, baseUrl = location.origin, fetch = globalThis.fetch): Api {
  const client = createClient<paths>({ baseUrl, fetch: (request) => fetch(request) });
  const headers: Middleware = {
    onRequest({ request }) {
      const token = context.token();
      if (token && !request.headers.has("Authorization")) {
        request.headers.set("Authorization", `Bearer ${token}`);
      }
      request.headers.set("Accept-Language", context.language());
      return request;
    },
  };
  client.use(headers);
  return client;
}
