import { STATUSES, URGENCIES, type TaskStatus, type Urgency } from "../api/types";
import { Field } from "../components/Field";
import { useI18n } from "../i18n/i18n";
import { GROUP_BYS, type Filter, type GroupBy } from "./tasks";

interface Props {
  groupBy: GroupBy;
  filter: Filter;
  search: string;
  onGroupBy(groupBy: GroupBy): void;
  onFilter(filter: Filter): void;
  onSearch(search: string): void;
}

/** How the board is grouped, filtered (by the API) and searched (in the page shown). */
export function BoardToolbar({ groupBy, filter, search, onGroupBy, onFilter, onSearch }: Props) {
  const { t } = useI18n();
  return (
    <div className="toolbar">
      <Field label={t("board.groupBy")}>
        {(control) => (
          <select {...control} value={groupBy} onChange={(event) => onGroupBy(event.target.value as GroupBy)}>
            {GROUP_BYS.map((by) => <option key={by} value={by}>{t(`board.group.${by}`)}</option>)}
          </select>
        )}
      </Field>
      <Field label={t("board.filterStatus")}>
        {(control) => (
          <select {...control} value={filter.status ?? ""} onChange={(event) => onFilter({ ...filter, status: (event.target.value || null) as TaskStatus | null })}>
            <option value="">{t("board.all")}</option>
            {STATUSES.map((status) => <option key={status} value={status}>{t(`status.${status}`)}</option>)}
          </select>
        )}
      </Field>
      <Field label={t("board.filterUrgency")}>
        {(control) => (
          <select {...control} value={filter.urgency ?? ""} onChange={(event) => onFilter({ ...filter, urgency: (event.target.value || null) as Urgency | null })}>
            <option value="">{t("board.all")}</option>
            {URGENCIES.map((urgency) => <option key={urgency} value={urgency}>{t(`urgency.${urgency}`)}</option>)}
          </select>
        )}
      </Field>
      <Field label={t("board.search")} className="search">
        {(control) => <input {...control} type="search" value={search} onChange={(event) => onSearch(event.target.value)} />}
      </Field>
    </div>
  );
}
