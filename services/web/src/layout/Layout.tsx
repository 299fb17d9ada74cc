import type { ReactNode } from "react";
import { NavLink } from "react-router-dom";
import { useAuth } from "../auth/AuthProvider";
import { useI18n } from "../i18n/i18n";
import type { AppRoute } from "../routes";
import { LanguageSwitch } from "./LanguageSwitch";

/** The frame of every page: skip link, header with the menu (when signed in), main content. */
export function Layout({ routes, children }: { routes: readonly AppRoute[]; children: ReactNode }) {
  const { t } = useI18n();
  const { user, signOut } = useAuth();
  return (
    <>
      <a className="skip" href="#main">{t("app.skip")}</a>
      <header className="top">
        <span className="brand">{t("app.name")}</span>
        {user && (
          <nav aria-label={t("nav.label")}>
            <ul>
              {routes.map((route) => (
                <li key={route.path}>
                  <NavLink to={route.path.replace("/*", "")} end={route.path === "/"}>{t(route.label)}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="tools">
          <LanguageSwitch />
          {user && <button type="button" onClick={() => void signOut()}>{t("nav.signOut")}</button>}
        </div>
      </header>
      <main id="main" tabIndex={-1}>{children}</main>
    </>
  );
}
