import { useI18n } from "../i18n/i18n";

interface Props {
  page: number;
  pages: number;
  onPage(page: number): void;
}

export function Pager({ page, pages, onPage }: Props) {
  const { t } = useI18n();
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t("board.pages")}>
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>{t("board.previous")}</button>
      <span>{t("board.page", { page: page + 1, pages })}</span>
      <button type="button" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>{t("board.next")}</button>
    </nav>
  );
}
