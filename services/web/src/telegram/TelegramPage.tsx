import { useEffect, useState } from "react";
import type { LinkCode } from "../api/types";
import { useAuth, useUser } from "../auth/AuthProvider";
import { FormMessage } from "../components/FormMessage";
import { formatMoment } from "../format";
import { useI18n } from "../i18n/i18n";
import { QrCode } from "./QrCode";

const POLL_MS = 3000;

/** Link a Telegram chat: a one-time code, the bot's deep link and its QR code. While a code is
 * shown, the account is looked at again now and then, to see the chat linked. */
export function TelegramPage() {
  const { t, language } = useI18n();
  const { api, setUser } = useAuth();
  const user = useUser();
  const [link, setLink] = useState<LinkCode | null>(null);
  const [failed, setFailed] = useState(false);
  const linkedChat = user.telegram_chat_id;

  useEffect(() => {
    if (!link) return;
    const timer = setInterval(async () => {
      const { data } = await api.GET("/api/v1/users/me");
      if (data && data.telegram_chat_id !== linkedChat) {
        setUser(data);
        setLink(null);
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, link, linkedChat, setUser]);

  const getCode = async () => {
    const { data } = await api.POST("/api/v1/users/me/telegram-link");
    setFailed(!data);
    setLink(data ?? null);
  };

  return (
    <>
      <h1>{t("telegram.title")}</h1>
      <section className="card telegram">
        <p>{t(user.telegram_chat_id === null ? "telegram.notLinked" : user.telegram_unreachable ? "telegram.unreachable" : "telegram.linked")}</p>
        {link && (
          <div className="link-code">
            <p className="code">{t("telegram.code", { code: link.code })}</p>
            {link.deep_link && (
              <>
                <p><a href={link.deep_link} target="_blank" rel="noreferrer">{t("telegram.open")}</a></p>
                <QrCode text={link.deep_link} label={t("telegram.qr")} />
              </>
            )}
            <p>{t("telegram.expires", { when: formatMoment(link.expires_at, language, user.timezone) })}</p>
          </div>
        )}
        <FormMessage error={failed ? t("app.error") : null} />
        <button type="button" className="primary" onClick={getCode}>{t(link ? "telegram.newCode" : "telegram.getCode")}</button>
      </section>
    </>
  );
}
