import { useCallback, useState } from "react";
import { toProblems } from "../api/problems";
import { useAuth } from "../auth/AuthProvider";
import { Pager } from "../board/Pager";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { useI18n } from "../i18n/i18n";
import { DeadLetterCard } from "./DeadLetterCard";
import { QUEUES, queueLabel } from "./queues";
import { usePaged } from "./usePaged";

/** The reminders that failed for good (notifications.dead): send one or all again, or discard. */
export function DeadLettersPage() {
  const { t, plural } = useI18n();
  const { api } = useAuth();
  const [queue, setQueue] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    async (skip: number, limit: number) =>
      (await api.GET("/api/v1/admin/dead-letters", { params: { query: { skip, limit, queue: queue || undefined } } })).data,
    [api, queue],
  );
  const letters = usePaged(load);

  const done = (message: string) => {
    setNotice(message);
    setError(null);
    void letters.reload();
  };
  const sendAllAgain = async () => {
    if (!window.confirm(plural("admin.sendAllConfirm", letters.total))) return;
    const query = { queue: queue || undefined };
    const { data, error } = await api.POST("/api/v1/admin/dead-letters/resend", { params: { query } });
    if (data) done(plural("admin.resent", data.resent));
    else setError(toProblems(error, [], t("app.error")).general);
  };
  const chooseQueue = (next: string) => {
    setQueue(next);
    letters.setPage(0);
  };

  return (
    <section aria-labelledby="dead-letters-title">
      <h2 id="dead-letters-title">{t("admin.deadLetters")}</h2>
      <p className="about">{t("admin.deadLettersAbout")}</p>
      <div className="card filters">
        <Field label={t("admin.queue")}>
          {(control) => (
            <select {...control} value={queue} onChange={(event) => chooseQueue(event.target.value)}>
              <option value="">{t("admin.anyQueue")}</option>
              {QUEUES.map((name) => <option key={name} value={name}>{queueLabel(name, t)}</option>)}
            </select>
          )}
        </Field>
        <button type="button" className="primary" onClick={sendAllAgain} disabled={letters.total === 0}>{t("admin.sendAllAgain")}</button>
      </div>
      <FormMessage error={error ?? (letters.failed ? t("app.error") : null)} success={notice} />
      <p className="count">{letters.loaded ? plural("admin.deadCount", letters.total) : ""}</p>
      {letters.loaded && letters.total === 0 && <p className="empty">{t("admin.noDeadLetters")}</p>}
      <ul className="admin-list" aria-busy={!letters.loaded}>
        {letters.items.map((letter) => (
          <li key={letter.id}><DeadLetterCard letter={letter} onDone={done} /></li>
        ))}
      </ul>
      <Pager page={letters.page} pages={letters.pages} onPage={letters.setPage} />
    </section>
  );
}
