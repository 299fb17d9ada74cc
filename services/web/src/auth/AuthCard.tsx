import type { ReactNode } from "react";
import { useI18n } from "../i18n/i18n";

/** The frame of the pages for people not signed in. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <section className="card auth-card" aria-labelledby="auth-title">
      <p className="tagline">{t("auth.welcome")}</p>
      <h1 id="auth-title">{title}</h1>
      {children}
    </section>
  );
}
