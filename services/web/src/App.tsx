import { Suspense } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router-dom";
import { AuthProvider, useAuth } from "./auth/AuthProvider";
import { SignInPage } from "./auth/SignInPage";
import { SignUpPage } from "./auth/SignUpPage";
import { I18nProvider, useI18n } from "./i18n/i18n";
import { Layout } from "./layout/Layout";
import { NotFoundPage } from "./layout/NotFoundPage";
import { ROUTES, type AppRoute } from "./routes";

function Loading() {
  const { t } = useI18n();
  return <p role="status">{t("app.loading")}</p>;
}

function SignedOut() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/sign-up" element={<SignUpPage />} />
      <Route path="*" element={<Navigate to="/sign-in" replace />} />
    </Routes>
  );
}

function SignedIn({ routes }: { routes: readonly AppRoute[] }) {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        {routes.map(({ path, page: Page }) => (
          <Route key={path} path={path} element={<Page />} />
        ))}
        <Route path="/sign-in" element={<Navigate to="/" replace />} />
        <Route path="/sign-up" element={<Navigate to="/" replace />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}

function Pages() {
  const { user } = useAuth();
  const routes = ROUTES.filter((route) => user?.role === "admin" || !route.adminOnly);
  return (
    <Layout routes={routes}>
      {user === undefined ? <Loading /> : user === null ? <SignedOut /> : <SignedIn routes={routes} />}
    </Layout>
  );
}

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <BrowserRouter>
          <Pages />
        </BrowserRouter>
      </AuthProvider>
    </I18nProvider>
  );
}
