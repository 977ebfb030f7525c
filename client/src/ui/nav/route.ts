import type { INBOX_LIST_ID } from '@tasklane/shared/domain/task-list';

/** The Inbox's fixed id (shared's `INBOX_LIST_ID`; the type keeps them equal without importing zod into the bundle). */
export const INBOX: typeof INBOX_LIST_ID = 'inbox';

/** What the task screen shows: one list, or a smart view across lists. */
export type Route =
  | { view: 'list'; listId: string }
  | { view: 'today' }
  | { view: 'upcoming' }
  | { view: 'assigned' }
  | { view: 'invitations' }
  | { view: 'insights' };

export const INBOX_ROUTE: Route = { view: 'list', listId: INBOX };

/**
 * [NV1] The selected view lives in the address's fragment (`#/list/<id>`, `#/today`, `#/upcoming`, `#/assigned`), so a reload keeps
 * it and Back returns to the view before. Anything else — an empty or unknown fragment — is the Inbox.
 */
export function routeOf(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '/today') return { view: 'today' };
  if (path === '/upcoming') return { view: 'upcoming' };
  if (path === '/assigned') return { view: 'assigned' }; // [SC7] "Assigned to me"
  if (path === '/insights') return { view: 'insights' }; // [IN1]
  if (path === '/invitations') return { view: 'invitations' }; // [SC2] the invitation e-mail's link
  const list = /^\/list\/([^/]+)$/.exec(path);
  if (list) {
    try {
      const listId = decodeURIComponent(list[1]!);
      if (listId.trim() !== '') return { view: 'list', listId };
    } catch {
      // a malformed escape: the Inbox
    }
  }
  return INBOX_ROUTE;
}

export function hashOf(route: Route): string {
  return route.view === 'list' ? `#/list/${encodeURIComponent(route.listId)}` : `#/${route.view}`;
}

export function sameRoute(a: Route, b: Route): boolean {
  return hashOf(a) === hashOf(b);
}
