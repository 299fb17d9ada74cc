import { useState } from "react";
import { Link } from "react-router-dom";
import type { User } from "../api/types";
import { useAuth, useUser } from "../auth/AuthProvider";
import { formatMoment } from "../format";
import type { MessageKey } from "../i18n/en";
import { useI18n } from "../i18n/i18n";

function chatState(user: User): MessageKey {
  if (user.telegram_chat_id === null) return "admin.chatNone";
  return user.telegram_unreachable ? "admin.chatUnreachable" : "admin.chatLinked";
}

function emailState(user: User): MessageKey {
  if (!user.email) return "admin.emailNone";
  if (user.email_unreachable) return "admin.emailUnreachable";
  return user.email_verified ? "admin.emailVerified" : "admin.emailUnverified";
}

/** One user as admins see them, with their role to change and a link to their tasks. */
export function UserCard({ user, onChanged }: { user: User; onChanged(): void }) {
  const { t, language } = useI18n();
  const { api } = useAuth();
  const me = useUser();
  const [error, setError] = useState<string | null>(null);
  const role = user.role === "admin" ? "user" : "admin";
  const channels = user.channels.map((channel) => t(`settings.channel.${channel}`)).join(", ");

  const changeRole = async () => {
    if (!window.confirm(t("admin.roleConfirm", { username: user.username, role: t(`role.${role}`) }))) return;
    const { data } = await api.PATCH("/api/v1/users/{user_id}", { params: { path: { user_id: user.id } }, body: { role } });
    setError(data ? null : t("app.error"));
    if (data) onChanged();
  };

  return (
    <article className="card user" aria-labelledby={`user-${user.id}`}>
      <h3 id={`user-${user.id}`}>
        {user.username} {user.id === me.id && <span className="hint">{t("admin.you")}</span>}
      </h3>
      <dl className="facts">
        <dt>{t("admin.role")}</dt>
        <dd><span className={`badge role-${user.role}`}>{t(`role.${user.role}`)}</span></dd>
        <dt>{t("admin.chat")}</dt>
        <dd className={user.telegram_unreachable ? "warning" : undefined}>{t(chatState(user))}</dd>
        <dt>{t("admin.email")}</dt>
        <dd className={user.email_unreachable ? "warning" : undefined}>{t(emailState(user), { email: user.email ?? "" })}</dd>
        <dt>{t("admin.channels")}</dt>
        <dd>{channels || t("admin.channelsNone")}</dd>
        <dt>{t("admin.joined")}</dt>
        <dd>{formatMoment(user.created_at, language, me.timezone)}</dd>
      </dl>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="actions">
        <Link to={`/admin/users/${user.id}`} aria-label={t("admin.tasksOf", { username: user.username })}>{t("admin.tasks")}</Link>
        {user.id !== me.id && (
          <button type="button" onClick={changeRole} aria-describedby={`user-${user.id}`}>{t(role === "admin" ? "admin.makeAdmin" : "admin.makeUser")}</button>
        )}
      </div>
    </article>
  );
}
