import { TASK_STATUSES } from '@tasklane/shared/domain/task-fields';
import { TagChip } from '../nav/tag-chip';
import type { ListQuery, SortOrder, StatusFilter } from './filter-tasks';
import { STATUS_LABELS } from './task-labels';

/** Chips shown above the list: the most used tags of the view. */
const MAX_TAG_CHIPS = 12;

/**
 * Search (titles, descriptions and tags), the tag filter as chips, and — in a list — the status filter and the order.
 * Today and Upcoming have their own order (by due) and show open tasks only.
 */
export function ListControls(props: { query: ListQuery; onChange: (query: ListQuery) => void; tags: readonly string[]; inList: boolean }) {
  const { query, onChange } = props;
  const chips = props.tags.filter((tag) => tag !== query.tag).slice(0, MAX_TAG_CHIPS);
  return (
    <>
      <div className={`controls${props.inList ? '' : ' search-only'}`}>
        <div>
          <label htmlFor="search">Search tasks</label>
          <input
            id="search"
            type="search"
            value={query.search}
            placeholder="Title, description or #tag"
            onChange={(e) => onChange({ ...query, search: e.target.value })}
          />
        </div>
        {props.inList && (
          <>
            <div>
              <label htmlFor="status-filter">Show</label>
              <select
                id="status-filter"
                value={query.status}
                onChange={(e) => onChange({ ...query, status: e.target.value as StatusFilter })}
              >
                <option value="all">All tasks</option>
                {TASK_STATUSES.map((value) => (
                  <option key={value} value={value}>
                    {STATUS_LABELS[value]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="sort-order">Sort by</label>
              <select id="sort-order" value={query.sort} onChange={(e) => onChange({ ...query, sort: e.target.value as SortOrder })}>
                <option value="manual">My order</option>
                <option value="created">Newest first</option>
                <option value="due">Due date</option>
                <option value="priority">Priority</option>
              </select>
            </div>
          </>
        )}
      </div>
      {(query.tag !== null || chips.length > 0) && (
        <div className="tag-bar" role="group" aria-label="Filter by tag">
          {query.tag !== null && (
            <button
              type="button"
              className="chip active"
              aria-label={`Remove the filter by tag #${query.tag}`}
              onClick={() => onChange({ ...query, tag: null })}
            >
              #{query.tag} <span aria-hidden="true">✕</span>
            </button>
          )}
          {chips.map((tag) => (
            <TagChip key={tag} tag={tag} onSelect={(selected) => onChange({ ...query, tag: selected })} />
          ))}
        </div>
      )}
    </>
  );
}
