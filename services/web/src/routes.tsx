import { lazy, type ComponentType } from "react";
import { BoardPage } from "./board/BoardPage";
import type { MessageKey } from "./i18n/en";
import { SettingsPage } from "./settings/SettingsPage";

// The QR code library is loaded only with the page that draws one; the admin pages only by admins.
const TelegramPage = lazy(() => import("./telegram/TelegramPage").then((module) => ({ default: module.TelegramPage })));
const AdminPage = lazy(() => import("./admin/AdminPage").then((module) => ({ default: module.AdminPage })));

export interface AppRoute {
  path: string;
  label: MessageKey;
  page: ComponentType;
  /** Shown, in the menu and by address, only to admins. */
  adminOnly?: boolean;
}

/** The pages of a signed-in person, in the menu's order. Admin sections go under /admin. */
export const ROUTES: readonly AppRoute[] = [
  { path: "/", label: "nav.board", page: BoardPage },
  { path: "/telegram", label: "nav.telegram", page: TelegramPage },
  { path: "/settings", label: "nav.settings", page: SettingsPage },
  { path: "/admin/*", label: "nav.admin", page: AdminPage, adminOnly: true },
];
