import { useLayoutEffect, useRef, useState, type HTMLAttributes, type KeyboardEvent, type ReactNode } from 'react';
import type { ListRole } from '@tasklane/shared/domain/list-sharing';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { REORDER_INDEX_ATTRIBUTE, usePointerReorder } from '../reorder/use-pointer-reorder';
import { byListOrder, ListDot } from './list-colours';
import { listMoveOf, type ListMove } from './list-move';
import { hashOf, INBOX, sameRoute, type Route } from './route';
import type { NavCounts } from './views';

function NavLink(props: {
  to: Route;
  current: Route;
  /** Open tasks; none for a view that holds no tasks (Insights). */
  count?: number;
  icon: ReactNode;
  name: string;
  onNavigate: () => void;
  /** A list that can be moved: its item's attributes, its move buttons and drag handle, and its keys. */
  item?: HTMLAttributes<HTMLLIElement>;
  controls?: ReactNode;
  keys?: string;
  /** [SC6] A list shared with others, or with the user. */
  shared?: boolean;
  /** [RJ5] Why the server refused this list's last change: said after its name, never part of it. */
  problem?: string | undefined;
}) {
  return (
    <li {...props.item}>
      <a
        href={hashOf(props.to)}
        aria-current={sameRoute(props.to, props.current) ? 'page' : undefined}
        aria-keyshortcuts={props.keys}
        data-focus={props.controls ? 'link' : undefined}
        onClick={props.onNavigate}
      >
        {props.icon}
        <span className="nav-name">
          {props.name}
          {props.problem && <span className="nav-problem"> · Couldn’t sync: {props.problem}</span>}
        </span>
        {props.shared && <span className="badge">Shared</span>}
        {/* read as "Work 3 open" (Chrome puts a space between the link's flex items, and around hidden text) */}
        {props.count !== undefined && (
          <span className="count">
            {props.count}
            <span className="visually-hidden"> open</span>
          </span>
        )}
      </a>
      {props.controls}
    </li>
  );
}

/**
 * [NV2] The navigation: Inbox, Today and Upcoming with their counts of open tasks, then the user's lists in their
 * order with colour dots and counts, archived lists collapsed under "Archived", and "New list".
 * [LO1] The user's lists (not the Inbox, not the archived ones) move by drag and drop on their handle and by
 * Alt+ArrowUp/Down on their focused link, which keeps the focus; each move is announced here, inside the drawer.
 * [LO5] They also have visible "Move up"/"Move down" buttons, for touch screen readers, which can neither drag nor press Alt.
 */
export function ListsNav(props: {
  lists: readonly TaskList[];
  /** [RJ5] Refused changes by `<collection>:<id>`, as the sync problems keep them. */
  problems?: ReadonlyMap<string, string> | undefined;
  counts: NavCounts;
  route: Route;
  onNavigate: () => void;
  onNewList: () => void;
  onReorder: (move: ListMove) => void;
  /** [SC6] The user's role on a shared list (null: theirs alone); only the owner moves a list. */
  roleOf?: (listId: string) => ListRole | null;
  /** [SC7] "Assigned to me", for a user who shares lists (or has a task assigned). */
  showAssigned?: boolean;
}) {
  const { counts, route, onNavigate } = props;
  const roleOf = props.roleOf ?? (() => null);
  const inbox = props.lists.find((list) => list.id === INBOX);
  const own = props.lists.filter((list) => list.id !== INBOX && !list._deleted).sort(byListOrder);
  const active = own.filter((list) => !list.archived);
  const archived = own.filter((list) => list.archived);
  const [spoken, setSpoken] = useState('');
  const refocus = useRef<{ id: string; from: number; control: string } | null>(null);
  const move = (id: string, to: number) => {
    const planned = listMoveOf(own, active, id, to);
    if (!planned) return false;
    setSpoken(planned.spoken);
    props.onReorder(planned);
    return true;
  };
  const { attachContainer, handleProps, dragging, dropMarker } = usePointerReorder((from, to) => active[from] && move(active[from].id, to));
  /** A step up or down by the keyboard or a button: the focus stays on the control that moved the list. */
  const step = (id: string, from: number, by: -1 | 1) => {
    const focused = document.activeElement;
    const control = (focused instanceof HTMLElement && focused.dataset.focus) || 'link';
    if (move(id, from + by)) refocus.current = { id, from, control };
  };
  // React may re-insert a moved item's element, and a button at an end is disabled, which drops the focus: once the
  // move shows, it goes back to the control that moved the list, or to its link when that control is now disabled
  useLayoutEffect(() => {
    const wanted = refocus.current;
    if (!wanted || active.findIndex((list) => list.id === wanted.id) === wanted.from) return;
    refocus.current = null;
    // the link's address is unique in the navigation, and an encoded id holds no quote
    const link = document.querySelector<HTMLElement>(`.lists-nav a[href="${hashOf({ view: 'list', listId: wanted.id })}"]`);
    const control = link?.closest('li')?.querySelector<HTMLElement>(`[data-focus="${wanted.control}"]:not(:disabled)`);
    (control ?? link)?.focus();
  });
  const movable = (list: TaskList, index: number) => {
    const marker = dropMarker(index, active.length);
    return {
      item: {
        className: dragging?.from === index ? 'dragging' : marker ? `drop-${marker}` : undefined,
        onKeyDown: (event: KeyboardEvent) => {
          if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
          event.preventDefault();
          step(list.id, index, event.key === 'ArrowUp' ? -1 : 1);
        },
      },
      controls: (
        <div className="list-reorder">
          <button
            type="button"
            className="icon"
            data-focus="up"
            aria-label={`Move list “${list.name}” up`}
            disabled={index === 0}
            onClick={() => step(list.id, index, -1)}
          >
            ↑
          </button>
          <span
            className="drag-handle"
            aria-hidden="true"
            title="Drag to reorder"
            {...{ [REORDER_INDEX_ATTRIBUTE]: index }}
            {...handleProps}
          >
            ⠿
          </span>
          <button
            type="button"
            className="icon"
            data-focus="down"
            aria-label={`Move list “${list.name}” down`}
            disabled={index === active.length - 1}
            onClick={() => step(list.id, index, 1)}
          >
            ↓
          </button>
        </div>
      ),
      keys: 'Alt+ArrowUp Alt+ArrowDown',
    };
  };
  const listLink = (list: TaskList, index?: number) => (
    <NavLink
      key={list.id}
      to={{ view: 'list', listId: list.id }}
      current={route}
      count={counts.lists.get(list.id) ?? 0}
      icon={<ListDot colour={list.colour} />}
      name={list.name}
      problem={props.problems?.get(`lists:${list.id}`)}
      onNavigate={onNavigate}
      shared={roleOf(list.id) !== null}
      {...(index === undefined || (roleOf(list.id) ?? 'owner') !== 'owner' ? {} : movable(list, index))}
    />
  );
  return (
    <nav className="lists-nav" aria-label="Lists">
      <ul>
        <NavLink
          to={{ view: 'list', listId: INBOX }}
          current={route}
          count={counts.lists.get(INBOX) ?? 0}
          icon={<ListDot colour={inbox?.colour ?? 'grey'} />}
          name={inbox?.name ?? 'Inbox'}
          onNavigate={onNavigate}
        />
        <NavLink
          to={{ view: 'today' }}
          current={route}
          count={counts.today}
          icon={
            <span className="nav-icon" aria-hidden="true">
              ◷
            </span>
          }
          name="Today"
          onNavigate={onNavigate}
        />
        <NavLink
          to={{ view: 'upcoming' }}
          current={route}
          count={counts.upcoming}
          icon={
            <span className="nav-icon" aria-hidden="true">
              ▦
            </span>
          }
          name="Upcoming"
          onNavigate={onNavigate}
        />
        {props.showAssigned && (
          <NavLink
            to={{ view: 'assigned' }}
            current={route}
            count={counts.assigned}
            icon={
              <span className="nav-icon" aria-hidden="true">
                @
              </span>
            }
            name="Assigned to me"
            onNavigate={onNavigate}
          />
        )}
        <NavLink
          to={{ view: 'insights' }}
          current={route}
          icon={
            <span className="nav-icon" aria-hidden="true">
              ▥
            </span>
          }
          name="Insights"
          onNavigate={onNavigate}
        />
      </ul>
      <h2 className="nav-heading" id="my-lists-heading">
        My lists
      </h2>
      {active.length > 0 && (
        <ul aria-labelledby="my-lists-heading" ref={attachContainer}>
          {active.map(listLink)}
        </ul>
      )}
      <button type="button" className="new-list" onClick={props.onNewList}>
        + New list
      </button>
      {archived.length > 0 && (
        <details className="archived">
          <summary>Archived ({archived.length})</summary>
          <ul aria-label="Archived lists">{archived.map((list) => listLink(list))}</ul>
        </details>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {spoken}
      </p>
    </nav>
  );
}
