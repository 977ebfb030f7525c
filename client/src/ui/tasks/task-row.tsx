import { memo, type KeyboardEvent } from 'react';
import type { Task } from '@tasklane/shared/domain/task';
import { checklistProgress } from '../editor/checklist-editor';
import { recurrenceSummary } from '../editor/recurrence-summary';
import { isReminderActive } from '@tasklane/shared/domain/reminder-fires';
import { TagChip } from '../nav/tag-chip';
import { REORDER_INDEX_ATTRIBUTE, type DragHandleProps } from '../reorder/use-pointer-reorder';
import { describeDue } from './due-date';
import { STATUS_LABELS } from './task-labels';

/** What a row needs to be moved by hand: its index, its neighbours and the handlers (stable across renders). */
export type RowReorder = {
  index: number;
  first: boolean;
  last: boolean;
  /** 'before'/'after': a drag would drop next to this row. */
  marker: 'before' | 'after' | null;
  dragging: boolean;
  onStep: (id: string, step: -1 | 1) => void;
  handle: DragHandleProps;
};

function RepeatIcon() {
  return (
    <svg className="icon-repeat" width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M17 1l4 4-4 4M3 11V9a4 4 0 0 1 4-4h14M7 23l-4-4 4-4M21 13v2a4 4 0 0 1-4 4H3"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      />
    </svg>
  );
}

function BellIcon() {
  return (
    <svg className="icon-bell" width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M6 9a6 6 0 0 1 12 0c0 7 3 8 3 8H3s3-1 3-8M10 21h4" fill="none" stroke="currentColor" strokeWidth="2" />
    </svg>
  );
}

type TaskRowProps = {
  task: Task;
  unsynced: boolean;
  /** [RJ5] The server refused the task's last push: why. */
  problem?: string | undefined;
  /** The minute the list was last drawn in, and the user's zone: the due reads relative to today ([ED2]). */
  now: Date;
  timeZone: string;
  onToggle: (id: string) => void;
  onOpen: (id: string) => void;
  onDelete: (id: string) => void;
  /** Tags as chips that filter the list by the tag, when given. */
  onTag?: (tag: string) => void;
  reorder?: RowReorder;
  /** [SC4] A viewer's row of a shared list: no checkbox, no delete (the editor opens read-only). */
  readOnly?: boolean;
  /** [SC7] Whom the task is assigned to, as the row names them ("me", an e-mail's local part, "Former member"). */
  assignee?: string | null;
  /** [SG4] Why What next put it here ("overdue 2 days", "usually done on Mondays"). */
  reason?: string | undefined;
};

function sameShallow<T extends object>(a: T | undefined, b: T | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (Object.keys(a) as (keyof T)[]).every((key) => a[key] === b[key]) && Object.keys(a).length === Object.keys(b).length;
}

/** Rows are memoised: a burst of replicated writes redraws only the rows it changed. `reorder` is compared field by field. */
function sameRowProps(a: TaskRowProps, b: TaskRowProps): boolean {
  return sameShallow({ ...a, reorder: undefined }, { ...b, reorder: undefined }) && sameShallow(a.reorder, b.reorder);
}

export const TaskRow = memo(function TaskRow(props: TaskRowProps) {
  const { task, unsynced, reorder } = props;
  const done = task.status === 'done';
  const due = task.due ? describeDue(task.due, props.now, props.timeZone) : null;
  const progress = checklistProgress(task);
  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
    // [ED7] Alt+ArrowUp/Down moves the focused row
    if (!reorder || !event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    reorder.onStep(task.id, event.key === 'ArrowUp' ? -1 : 1);
  };
  const classes = ['task', done && 'done', reorder?.dragging && 'dragging', reorder?.marker && `drop-${reorder.marker}`]
    .filter(Boolean)
    .join(' ');
  return (
    <li className={classes} data-task-id={task.id} data-unsynced={unsynced ? 'true' : 'false'} onKeyDown={onKeyDown}>
      {!props.readOnly && (
        <input
          type="checkbox"
          checked={done}
          onChange={() => props.onToggle(task.id)}
          aria-label={`Mark “${task.title}” ${done ? 'not done' : 'done'}`}
        />
      )}
      <div className="task-main">
        <button
          type="button"
          className="task-title"
          data-focus="title"
          onClick={() => props.onOpen(task.id)}
          aria-label={`${props.readOnly ? 'Open' : 'Edit'} “${task.title}”`}
        >
          {task.title}
        </button>
        <div className="meta">
          <span>{STATUS_LABELS[task.status]}</span>
          {task.priority !== 'medium' && (
            <span className={`badge ${task.priority}`}>{task.priority === 'high' ? 'High priority' : 'Low priority'}</span>
          )}
          {due && (
            <span className={`due${due.overdue ? ' overdue' : ''}`} data-testid="due">
              {due.overdue && (
                <span className="overdue-mark" aria-hidden="true">
                  !
                </span>
              )}
              <span className="visually-hidden">{due.overdue ? '' : 'Due '}</span>
              <time dateTime={due.dateTime}>{due.text}</time>
            </span>
          )}
          {task.recurrence && (
            <span className="repeat" data-testid="repeat">
              <RepeatIcon />
              <span className="visually-hidden">Repeats </span>
              {recurrenceSummary(task.recurrence.rule)}
            </span>
          )}
          {task.status !== 'done' && task.reminders.some((reminder) => isReminderActive(task, reminder)) && (
            <span className="reminder" data-testid="reminder" title="Reminder set">
              <BellIcon />
              <span className="visually-hidden">Reminder set</span>
            </span>
          )}
          {progress && (
            <span className="badge checklist-progress" data-testid="checklist-progress">
              <span className="visually-hidden">Checklist </span>
              {`${progress.done}/${progress.total}`}
              <span className="visually-hidden"> done</span>
            </span>
          )}
          {props.reason && (
            <span className="reason" data-testid="reason">
              {props.reason}
            </span>
          )}
          {props.assignee && (
            <span className="badge assignee" data-testid="assignee">
              <span className="visually-hidden">Assigned to </span>
              {props.assignee}
            </span>
          )}
          {task.tags.map((tag) =>
            props.onTag ? (
              <TagChip key={tag} tag={tag} onSelect={props.onTag} />
            ) : (
              <span key={tag} className="badge">
                #{tag}
              </span>
            ),
          )}
          {props.problem ? (
            <span className="badge unsynced" data-testid="sync-problem">
              Couldn’t sync: {props.problem}
            </span>
          ) : (
            unsynced && (
              <span className="badge unsynced" data-testid="unsynced-marker" title="Not synced yet">
                Not synced yet
              </span>
            )
          )}
        </div>
      </div>
      {reorder && (
        <div className="reorder">
          <button
            type="button"
            className="icon"
            data-focus="up"
            aria-label={`Move “${task.title}” up`}
            disabled={reorder.first}
            onClick={() => reorder.onStep(task.id, -1)}
          >
            ↑
          </button>
          <span
            className="drag-handle"
            aria-hidden="true"
            title="Drag to reorder"
            {...{ [REORDER_INDEX_ATTRIBUTE]: reorder.index }}
            {...reorder.handle}
          >
            ⠿
          </span>
          <button
            type="button"
            className="icon"
            data-focus="down"
            aria-label={`Move “${task.title}” down`}
            disabled={reorder.last}
            onClick={() => reorder.onStep(task.id, 1)}
          >
            ↓
          </button>
        </div>
      )}
      {!props.readOnly && (
        <button type="button" className="danger" onClick={() => props.onDelete(task.id)} aria-label={`Delete “${task.title}”`}>
          Delete
        </button>
      )}
    </li>
  );
}, sameRowProps);
