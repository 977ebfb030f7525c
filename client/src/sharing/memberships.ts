import type { ListRole } from '@tasklane/shared/domain/list-sharing';
import type { SharedListView } from '@tasklane/shared/domain/sharing-schema';

/**
 * [SC3] What this device knows of the user's shared lists (`GET /api/memberships`, protocol.md [SH13]), kept per account
 * so it holds offline too; and the last name seen of each shared list, so a refusal can still name a list the device
 * no longer holds ([SC5]: a removed member's device gets the list as a tombstone named "No access").
 */
export type Memberships = {
  lists: ReadonlyMap<string, SharedListView>;
  names: Readonly<Record<string, string>>;
  /** [SC7] The people of each shared list (`GET /api/lists/:id/members`), as last asked: who may be assigned, offline too. */
  people: Readonly<Record<string, readonly Person[]>>;
};

/** A member of a shared list as the device keeps it. */
export type Person = { userId: string; email: string; role: ListRole };

export const NO_MEMBERSHIPS: Memberships = { lists: new Map(), names: {}, people: {} };

/** Names kept at most: the newest win. */
const MAX_NAMES = 200;

/** The user's role on a list, or null for a list that is theirs alone. */
export function roleOn(memberships: Memberships, listId: string): ListRole | null {
  return memberships.lists.get(listId)?.role ?? null;
}

/** [SC4] A viewer reads a list's tasks and changes none. */
export function isViewerOf(memberships: Memberships, listId: string): boolean {
  return roleOn(memberships, listId) === 'viewer';
}

/** [SC6] Another account owns the list: the user may not rename, recolour, move, archive or delete it. */
export function isMemberOf(memberships: Memberships, listId: string): boolean {
  const role = roleOn(memberships, listId);
  return role !== null && role !== 'owner';
}

/** How a refusal names a shared list: as the device holds it, else as it was last seen shared. */
export function sharedListName(memberships: Memberships, listId: string, held: string | undefined): string | undefined {
  return held ?? memberships.names[listId];
}

/** The cache's text, as `localStorage` keeps it. */
export function membershipsText(memberships: Memberships): string {
  return JSON.stringify({ lists: [...memberships.lists.values()], names: memberships.names, people: memberships.people });
}

/** The cache read back; anything unreadable is no cache. */
export function membershipsOf(text: string | null): Memberships {
  if (!text) return NO_MEMBERSHIPS;
  try {
    const parsed = JSON.parse(text) as { lists?: unknown; names?: unknown; people?: unknown };
    const lists = Array.isArray(parsed.lists) ? (parsed.lists as SharedListView[]).filter((list) => typeof list?.listId === 'string') : [];
    const record = <T>(value: unknown) => (value && typeof value === 'object' ? (value as Record<string, T>) : {});
    const people = Object.fromEntries(Object.entries(record<unknown>(parsed.people)).filter(([, list]) => Array.isArray(list)));
    return {
      lists: new Map(lists.map((list) => [list.listId, list])),
      names: record<string>(parsed.names),
      people: people as Memberships['people'],
    };
  } catch {
    return NO_MEMBERSHIPS;
  }
}

/** The names of the shared lists the device holds now, added to those remembered; unchanged when nothing is new. */
export function withNames(memberships: Memberships, held: readonly { id: string; name: string; _deleted: boolean }[]): Memberships {
  const fresh = held.filter((list) => !list._deleted && memberships.lists.has(list.id) && memberships.names[list.id] !== list.name);
  if (fresh.length === 0) return memberships;
  const names = { ...memberships.names };
  for (const list of fresh) {
    delete names[list.id]; // re-added last: the newest stay when the oldest go
    names[list.id] = list.name;
  }
  const kept = Object.entries(names).slice(-MAX_NAMES);
  return { ...memberships, names: Object.fromEntries(kept) };
}

/** [SC7] The people of a shared list replaced by an answer of the members route (kept without the route's other fields). */
export function withPeople(memberships: Memberships, listId: string, members: readonly Person[]): Memberships {
  if (!memberships.lists.has(listId)) return memberships;
  const people = members.map(({ userId, email, role }) => ({ userId, email, role }));
  return { ...memberships, people: { ...memberships.people, [listId]: people } };
}

/** [SC7] Who may be assigned a task of the list: its owner and its editors ([AS3]); a list that is not shared has none. */
export function assignable(memberships: Memberships, listId: string): readonly Person[] {
  return (memberships.people[listId] ?? []).filter((person) => person.role !== 'viewer');
}

/**
 * [SC7] How a row names a task's assignee: "me", the e-mail's local part of a member of the task's list (of any shared
 * list while the device knows none of that one's), or "Former member" for anyone else.
 */
export function assigneeName(memberships: Memberships, userId: string, task: { assignee: string | null; listId: string }): string | null {
  if (task.assignee === null) return null;
  if (task.assignee === userId) return 'me';
  const known = memberships.people[task.listId] ?? Object.values(memberships.people).flat();
  const person = known.find((candidate) => candidate.userId === task.assignee);
  return person ? person.email.split('@')[0]! : 'Former member';
}
