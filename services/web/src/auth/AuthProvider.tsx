import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { createApi, type Api } from "../api/client";
import type { User } from "../api/types";
import { isLanguage, languageChosenHere, useI18n } from "../i18n/i18n";
import { Session, type RefreshCall } from "./session";

interface Auth {
  api: Api;
  session: Session;
  /** The signed-in person; null when signed out; undefined while it is being found out. */
  user: User | null | undefined;
  setUser(user: User): void;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

function refreshWith(api: Api): RefreshCall {
  return async (refreshToken) => {
    try {
      const { data, response } = await api.POST("/api/v1/auth/refresh", { body: { refresh_token: refreshToken } });
      if (data) return data;
      return response.status >= 500 || response.status === 429 ? "unreachable" : "refused";
    } catch {
      return "unreachable";
    }
  };
}

/** Builds the API client and the session, and finds out who is signed in. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const { language, setLanguage } = useI18n();
  const languageRef = useRef(language);
  languageRef.current = language;
  const [services] = useState(() => {
    let session: Session | null = null;
    const api = createApi({ token: () => session?.accessToken() ?? null, language: () => languageRef.current });
    session = new Session(refreshWith(api));
    return { api, session };
  });
  const { api, session } = services;
  const [user, setUserState] = useState<User | null | undefined>(undefined);

  const setUser = useCallback(
    (next: User) => {
      setUserState(next);
      if (!languageChosenHere() && isLanguage(next.language)) setLanguage(next.language, false);
    },
    [setLanguage],
  );

  useEffect(() => {
    const loadUser = async () => {
      const tokens = session.current();
      if (!tokens) return setUserState(null);
      if (tokens.expiresAt <= Date.now() && !(await session.refresh())) return setUserState(null);
      const { data } = await api.GET("/api/v1/users/me");
      if (data) setUser(data);
      else session.end();
    };
    void loadUser();
    return session.subscribe((tokens) => {
      if (tokens === null) setUserState(null);
    });
  }, [api, session, setUser]);

  const signOut = useCallback(async () => {
    const tokens = session.current();
    session.end();
    if (tokens) await api.POST("/api/v1/auth/logout", { body: { refresh_token: tokens.refresh } }).catch(() => undefined);
  }, [api, session]);

  const value = useMemo<Auth>(() => ({ api, session, user, setUser, signOut }), [api, session, user, setUser, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}

/** The signed-in person, for pages shown only to them. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error("useUser while signed out");
  return user;
}
