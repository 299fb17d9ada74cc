import type { Client } from "openapi-fetch";
import type { Api } from "../api/client";
import type { components } from "../api/schema";

/*
 * TODO(after task-api's admin routes are merged): they and the users filters are not in
 * openapi.json yet, so they are typed here by hand, in the shape openapi-typescript writes.
 * Once `npm run api` brings them in: in ../api/types.ts name the generated schemas
 * (DeadLetter = DeadLetterPublic, Resent = ResentDeadLetters), replace `pending(api)` by `api`
 * and delete this file (its names are task-api's, on the branch that adds the routes).
 */

type Schemas = components["schemas"];
export type Role = Schemas["Role"];

export interface DeadLetter {
  id: number;
  message_id: string | null;
  /** Where it came from and goes back to; null: unknown (it can't be sent again). */
  queue: string | null;
  reason: string | null;
  attempts: number | null;
  dead_lettered_at: string;
  task_id: number | null;
  user_id: number | null;
  body: string;
}

export interface DeadLetterPage {
  items: DeadLetter[];
  total: number;
  skip: number;
  limit: number;
}

export interface Resent {
  resent: number;
}

export interface UserFilter {
  /** The username contains it. */
  q?: string;
  role?: Role;
  telegram_unreachable?: boolean;
  email_unreachable?: boolean;
}

interface Paging {
  skip?: number;
  limit?: number;
}

type Answer<Result> = { headers: { [name: string]: unknown }; content: { "application/json": Result } };
type NoContent = { headers: { [name: string]: unknown }; content?: never };
type PathParameters<Path> = [Path] extends [never] ? { path?: never } : { path: Path };
type Operation<Query, Path, Responses> = {
  parameters: { query?: Query; header?: never; cookie?: never } & PathParameters<Path>;
  requestBody?: never;
  responses: Responses;
};

interface PendingPaths {
  "/api/v1/users": { get: Operation<UserFilter & Paging, never, { 200: Answer<Schemas["Page_UserPublic_"]> }> };
  "/api/v1/admin/dead-letters": { get: Operation<Paging & { queue?: string }, never, { 200: Answer<DeadLetterPage> }> };
  "/api/v1/admin/dead-letters/resend": { post: Operation<{ queue?: string }, never, { 200: Answer<Resent> }> };
  "/api/v1/admin/dead-letters/{dead_letter_id}/resend": { post: Operation<never, { dead_letter_id: number }, { 200: Answer<Resent> }> };
  "/api/v1/admin/dead-letters/{dead_letter_id}": { delete: Operation<never, { dead_letter_id: number }, { 204: NoContent }> };
}

/** The same client (its token and language), typed for the routes task-api's schema lacks yet. */
export function pending(api: Api): Client<PendingPaths> {
  return api as unknown as Client<PendingPaths>;
}
