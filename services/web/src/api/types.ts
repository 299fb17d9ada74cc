import type { components, operations } from "./schema";

type Schemas = components["schemas"];
export type Task = Schemas["TaskPublic"];
export type TaskCreate = Schemas["TaskCreate"];
export type TaskUpdate = Schemas["TaskUpdate"];
export type TaskStatus = Schemas["TaskStatus"];
export type Urgency = Schemas["Urgency"];
export type User = Schemas["UserPublic"];
export type UserUpdate = Schemas["UserUpdate"];
export type Channel = Schemas["Channel"];
export type QuietHours = Schemas["QuietHoursSetting"];
export type TokenPair = Schemas["TokenPair"];
export type LinkCode = Schemas["LinkCode"];
export type FieldProblem = Schemas["FieldProblem"];
export type Role = Schemas["Role"];
export type DeadLetter = Schemas["DeadLetterPublic"];
export type Resent = Schemas["ResentDeadLetters"];
/** What the admin's list of users can be narrowed to (GET /api/v1/users). */
export type UserFilter = Pick<
  NonNullable<operations["list_users_api_v1_users_get"]["parameters"]["query"]>,
  "q" | "role" | "telegram_unreachable" | "email_unreachable"
>;

export const STATUSES: readonly TaskStatus[] = ["new", "in_progress", "done"];
export const URGENCIES: readonly Urgency[] = ["not_urgent", "urgent", "very_urgent"];
export const CHANNELS: readonly Channel[] = ["telegram", "email"];
