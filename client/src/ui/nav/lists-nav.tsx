import type { TaskList } from '@tasklane/shared/domain/task-list';
import { byListOrder, ListDot } from './list-colours';
import { hashOf, INBOX, sameRoute, type Route } from './route';
import type { NavCounts } from './views';

function NavLink(props: { to: Route; current: Route; count: number; icon: React.ReactNode; name: string; onNavigate: () => void }) {
  return (
    <li>
      <a href={hashOf(props.to)} aria-current={sameRoute(props.to, props.current) ? 'page' : undefined} onClick={props.onNavigate}>
        {props.icon}
        <span className="nav-name">{props.name}</span>
        {/* read as "Work 3 open" (Chrome puts a space between the link's flex items, and around hidden text) */}
        <span className="count">
          {props.count}
          <span className="visually-hidden"> open</span>
        </span>
      </a>
    </li>
  );
}

/**
 * [NV2] The navigation: Inbox, Today and Upcoming with their counts of open tasks, then the user's lists in their
 * order with colour dots and counts, archived lists collapsed under "Archived", and "New list".
 */
export function ListsNav(props: {
  lists: readonly TaskList[];
  counts: NavCounts;
  route: Route;
  onNavigate: () => void;
  onNewList: () => void;
}) {
  const { counts, route, onNavigate } = props;
  const inbox = props.lists.find((list) => list.id === INBOX);
  const own = props.lists.filter((list) => list.id !== INBOX && !list._deleted).sort(byListOrder);
  const active = own.filter((list) => !list.archived);
  const archived = own.filter((list) => list.archived);
  const listLink = (list: TaskList) => (
    <NavLink
      key={list.id}
      to={{ view: 'list', listId: list.id }}
      current={route}
      count={counts.lists.get(list.id) ?? 0}
      icon={<ListDot colour={list.colour} />}
      name={list.name}
      onNavigate={onNavigate}
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
      </ul>
      <h2 className="nav-heading" id="my-lists-heading">
        My lists
      </h2>
      {active.length > 0 && <ul aria-labelledby="my-lists-heading">{active.map(listLink)}</ul>}
      <button type="button" className="new-list" onClick={props.onNewList}>
        + New list
      </button>
      {archived.length > 0 && (
        <details className="archived">
          <summary>Archived ({archived.length})</summary>
          <ul aria-label="Archived lists">{archived.map(listLink)}</ul>
        </details>
      )}
    </nav>
  );
}
