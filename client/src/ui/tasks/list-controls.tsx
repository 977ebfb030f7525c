import { TASK_STATUSES } from '@tasklane/shared/domain/task-fields';
import type { ListQuery, SortOrder, StatusFilter } from './filter-tasks';
import { STATUS_LABELS } from './task-labels';

export function ListControls({ query, onChange }: { query: ListQuery; onChange: (query: ListQuery) => void }) {
  return (
    <div className="controls">
      <div>
        <label htmlFor="search">Search tasks</label>
        <input
          id="search"
          type="search"
          value={query.search}
          placeholder="Title or description"
          onChange={(e) => onChange({ ...query, search: e.target.value })}
        />
      </div>
      <div>
        <label htmlFor="status-filter">Show</label>
        <select id="status-filter" value={query.status} onChange={(e) => onChange({ ...query, status: e.target.value as StatusFilter })}>
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
          <option value="created">Newest first</option>
          <option value="due">Due date</option>
          <option value="priority">Priority</option>
        </select>
      </div>
    </div>
  );
}
