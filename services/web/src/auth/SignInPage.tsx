import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { NO_PROBLEMS, toProblems } from "../api/problems";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { useI18n } from "../i18n/i18n";
import { AuthCard } from "./AuthCard";
import { useAuth } from "./AuthProvider";

const FIELDS = ["username", "password"] as const;

export function SignInPage() {
  const { t } = useI18n();
  const { api, session, setUser } = useAuth();
  const [problems, setProblems] = useState(NO_PROBLEMS);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const { data, error } = await api.POST("/api/v1/auth/token", {
      body: { username: String(form.get("username")), password: String(form.get("password")) },
    });
    setBusy(false);
    if (!data) return setProblems(toProblems(error, FIELDS, t("app.error")));
    session.start(data);
    const me = await api.GET("/api/v1/users/me");
    if (me.data) setUser(me.data);
  };

  return (
    <AuthCard title={t("auth.signIn")}>
      <form onSubmit={submit} noValidate>
        <Field label={t("auth.username")} error={problems.fields.username}>
          {(control) => <input {...control} name="username" autoComplete="username" required />}
        </Field>
        <Field label={t("auth.password")} error={problems.fields.password}>
          {(control) => <input {...control} name="password" type="password" autoComplete="current-password" required />}
        </Field>
        <FormMessage error={problems.general} />
        <button type="submit" className="primary" disabled={busy}>{t("auth.signIn")}</button>
      </form>
      <p>{t("auth.noAccount")} <Link to="/sign-up">{t("auth.signUp")}</Link></p>
    </AuthCard>
  );
}
