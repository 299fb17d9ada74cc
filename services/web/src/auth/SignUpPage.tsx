import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { NO_PROBLEMS, toProblems } from "../api/problems";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { useI18n } from "../i18n/i18n";
import { AuthCard } from "./AuthCard";
import { useAuth } from "./AuthProvider";

const FIELDS = ["username", "password", "email"] as const;

/** Sign up in the browser's time zone and the language being read, then sign in. */
export function SignUpPage() {
  const { t, language } = useI18n();
  const { api, session, setUser } = useAuth();
  const [problems, setProblems] = useState(NO_PROBLEMS);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = String(form.get("username"));
    const password = String(form.get("password"));
    const email = String(form.get("email")).trim() || null;
    const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    setBusy(true);
    const signedUp = await api.POST("/api/v1/auth/register", { body: { username, password, email, timezone, language } });
    const signedIn = signedUp.data && (await api.POST("/api/v1/auth/token", { body: { username, password } }));
    setBusy(false);
    if (!signedIn?.data) return setProblems(toProblems(signedUp.error ?? signedIn?.error, FIELDS, t("app.error")));
    session.start(signedIn.data);
    setUser(signedUp.data!);
  };

  return (
    <AuthCard title={t("auth.signUp")}>
      <form onSubmit={submit} noValidate>
        <Field label={t("auth.username")} error={problems.fields.username}>
          {(control) => <input {...control} name="username" autoComplete="username" required />}
        </Field>
        <Field label={t("auth.password")} hint={t("auth.passwordHint")} error={problems.fields.password}>
          {(control) => <input {...control} name="password" type="password" autoComplete="new-password" required />}
        </Field>
        <Field label={t("auth.email")} error={problems.fields.email}>
          {(control) => <input {...control} name="email" type="email" autoComplete="email" />}
        </Field>
        <FormMessage error={problems.general} />
        <button type="submit" className="primary" disabled={busy}>{t("auth.signUp")}</button>
      </form>
      <p>{t("auth.haveAccount")} <Link to="/sign-in">{t("auth.signIn")}</Link></p>
    </AuthCard>
  );
}
