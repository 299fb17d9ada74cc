import type { FormEvent } from "react";
import { Field } from "../components/Field";
import { useI18n } from "../i18n/i18n";
import type { Role, UserFilter } from "../api/types";

export const ROLES: readonly Role[] = ["user", "admin", "importer"];

function readFilter(form: HTMLFormElement): UserFilter {
  const data = new FormData(form);
  const q = String(data.get("q")).trim();
  const role = String(data.get("role"));
  return {
    ...(q && { q }),
    ...(role && { role: role as Role }),
    ...(data.has("telegram_unreachable") && { telegram_unreachable: true }),
    ...(data.has("email_unreachable") && { email_unreachable: true }),
  };
}

/** Which users to list: part of a username, a role, and only the unreachable ones. */
export function UserFilterForm({ onFilter }: { onFilter(filter: UserFilter): void }) {
  const { t } = useI18n();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onFilter(readFilter(event.currentTarget));
  };
  return (
    <form className="card filters" role="search" aria-label={t("admin.filters")} onSubmit={submit}>
      <Field label={t("admin.search")}>{(control) => <input {...control} name="q" type="search" autoComplete="off" />}</Field>
      <Field label={t("admin.role")}>
        {(control) => (
          <select {...control} name="role" defaultValue="">
            <option value="">{t("admin.anyRole")}</option>
            {ROLES.map((role) => <option key={role} value={role}>{t(`role.${role}`)}</option>)}
          </select>
        )}
      </Field>
      <label className="check">
        <input type="checkbox" name="telegram_unreachable" />
        {t("admin.onlyChatUnreachable")}
      </label>
      <label className="check">
        <input type="checkbox" name="email_unreachable" />
        {t("admin.onlyEmailUnreachable")}
      </label>
      <button type="submit" className="primary">{t("admin.show")}</button>
    </form>
  );
}
