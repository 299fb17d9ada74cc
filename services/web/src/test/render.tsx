import { render, screen } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";
import { MemoryRouter } from "react-router-dom";
import type { Task, User } from "../api/types";
import { AuthProvider, useAuth } from "../auth/AuthProvider";
import { I18nProvider, type Language } from "../i18n/i18n";

export type Handler = (request: Request) => Promise<Response> | Response;

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

export const USER: User = {
  id: 1, username: "alice", email: null, email_verified: false, email_unreachable: false, telegram_chat_id: null,
  telegram_unreachable: false, timezone: "Europe/Berlin", language: "en", quiet_hours: null, remind_before: [],
  channels: ["telegram"], role: "user", created_at: "2030-01-01T00:00:00Z",
};

export function task(fields: Partial<Task> = {}): Task {
  return {
    id: 1, title: "Pay rent", description: null, status: "new", completed: false, urgency: "not_urgent", user_id: 1,
    user: { id: 1, username: "alice" }, assignee_id: null, created_at: "2030-01-01T00:00:00Z", updated_at: "2030-01-01T00:00:00Z",
    started_at: null, completed_at: null, time_spent_seconds: 0, remind_at: null, remind_every: null, cadence_off: false,
    due_at: null, due_date: null, remind_before: null, recurrence: null, snoozed_until: null, last_notification: null,
    next_notification_at: null, ...fields,
  };
}

function OnceSignedIn({ children }: { children: ReactNode }) {
  return useAuth().user ? <div data-testid="signed-in">{children}</div> : null;
}

/** Render as a signed-in person whose API calls go to `handler` (GET /users/me answered). */
export async function renderSignedIn(ui: ReactElement, handler: Handler, language: Language = "en") {
  localStorage.setItem("todo-nudge.language", language); // chosen on this device: not the account's
  localStorage.setItem("todo-nudge.session", JSON.stringify({ access: "a", refresh: "r", expiresAt: Date.now() + 900_000 }));
  const requests: Request[] = [];
  vi.stubGlobal("fetch", async (request: Request) => {
    requests.push(request.clone());
    return new URL(request.url).pathname === "/api/v1/users/me" && request.method === "GET" ? json(USER) : handler(request);
  });
  render(
    <I18nProvider>
      <AuthProvider>
        <MemoryRouter>
          <OnceSignedIn>{ui}</OnceSignedIn>
        </MemoryRouter>
      </AuthProvider>
    </I18nProvider>,
  );
  await screen.findByTestId("signed-in");
  return requests;
}
