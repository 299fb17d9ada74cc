import { useState } from "react";
import { Link } from "react-router-dom";
import { toProblems } from "../api/problems";
import { useAuth, useUser } from "../auth/AuthProvider";
import { formatMoment } from "../format";
import { useI18n } from "../i18n/i18n";
import type { DeadLetter } from "../api/types";
import { queueLabel } from "./queues";

/** The body as sent: JSON laid out to read, anything else as it is. */
function readable(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

interface Props {
  letter: DeadLetter;
  /** After it was sent again or discarded, with what to tell the reader. */
  onDone(notice: string): void;
}

/** One dead letter: why it failed, from where, when, for whom; send it again or discard it. */
export function DeadLetterCard({ letter, onDone }: Props) {
  const { t, plural, language } = useI18n();
  const { api } = useAuth();
  const me = useUser();
  const [error, setError] = useState<string | null>(null);
  const path = { params: { path: { dead_letter_id: letter.id } } };
  const heading = `dead-letter-${letter.id}`;

  const sendAgain = async () => {
    const { data, error } = await api.POST("/api/v1/admin/dead-letters/{dead_letter_id}/resend", path);
    setError(data ? null : toProblems(error, [], t("app.error")).general);
    if (data) onDone(plural("admin.resent", data.resent));
  };
  const discard = async () => {
    if (!window.confirm(t("admin.discardConfirm"))) return;
    const { response, error } = await api.DELETE("/api/v1/admin/dead-letters/{dead_letter_id}", path);
    setError(response.ok ? null : toProblems(error, [], t("app.error")).general);
    if (response.ok) onDone(t("admin.discarded"));
  };

  return (
    <article className="card dead-letter" aria-labelledby={heading}>
      <h3 id={heading}>{letter.reason ?? t("admin.noReason")}</h3>
      <dl className="facts">
        <dt>{t("admin.queue")}</dt>
        <dd>{letter.queue ? queueLabel(letter.queue, t) : t("admin.unknown")}</dd>
        <dt>{t("admin.when")}</dt>
        <dd>{formatMoment(letter.dead_lettered_at, language, me.timezone)}</dd>
        <dt>{t("admin.attempts")}</dt>
        <dd>{letter.attempts ?? "—"}</dd>
        <dt>{t("admin.user")}</dt>
        <dd>{letter.user_id === null ? "—" : <Link to={`/admin/users/${letter.user_id}`}>#{letter.user_id}</Link>}</dd>
        <dt>{t("admin.task")}</dt>
        <dd>{letter.task_id === null ? "—" : `#${letter.task_id}`}</dd>
        <dt>{t("admin.messageId")}</dt>
        <dd className="code">{letter.message_id ?? "—"}</dd>
      </dl>
      <details className="body">
        <summary>{t("admin.body")}</summary>
        <pre>{readable(letter.body)}</pre>
      </details>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="actions">
        <button type="button" className="primary" onClick={sendAgain} aria-describedby={heading}>{t("admin.sendAgain")}</button>
        <button type="button" className="danger" onClick={discard} aria-describedby={heading}>{t("admin.discard")}</button>
      </div>
    </article>
  );
}
