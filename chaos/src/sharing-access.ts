/** A membership change as the harness made it: sent at `requestedAt`, known to be committed (or not) by `settledAt`. */
export type AccessChange = {
  userId: string;
  listId: string;
  kind: 'grant' | 'revoke';
  /** `ledgerNow()` when the request left, and when its answer (or the read that proved its outcome) came back. */
  requestedAt: number;
  settledAt: number;
};

/**
 * [CS3] Who may see which list, as the harness's own record of the membership changes it made ([SH2], [SH3], [SH5]),
 * independent of the server: a list is its creator's (named in its id) and its members'. A transfer ([SH10]) changes who
 * may see nothing (the new owner was a member, the former one stays an editor), so only accepts grant and only removals
 * and leaves revoke. The harness makes one membership change at a time, so the changes of a pair never overlap.
 */
export type AccessLog = {
  changes: AccessChange[];
  /** The user whose device created the list, or null for an id the harness never made. */
  creatorOf(listId: string): string | null;
  /** The owner now: the creator, or the last user the list was handed to. */
  ownerOf(listId: string): string | null;
  membersOf(listId: string): ReadonlySet<string>;
  /** Owner or member now. */
  sees(userId: string, listId: string): boolean;
  record(change: AccessChange): void;
  transferred(listId: string, newOwnerId: string): void;
  /**
   * True only when the user certainly could not see the list at any moment in [from, to]: either never granted it
   * (its creator is, from the start) before `to`, or its last change before `from` was a revocation settled by `from` and no grant was
   * asked for since, up to `to`. A change under way at `from` leaves it uncertain, so false.
   */
  definitelyUnseen(userId: string, listId: string, from: number, to: number): boolean;
};

export function createAccessLog(creatorOf: (listId: string) => string | null): AccessLog {
  const changes: AccessChange[] = [];
  const members = new Map<string, Set<string>>();
  const owners = new Map<string, string>();
  const membersOf = (listId: string) => members.get(listId) ?? new Set<string>();
  const ownerOf = (listId: string) => owners.get(listId) ?? creatorOf(listId);
  return {
    changes,
    creatorOf,
    ownerOf,
    membersOf,
    sees: (userId, listId) => ownerOf(listId) === userId || membersOf(listId).has(userId),
    record(change) {
      changes.push(change);
      const set = members.get(change.listId) ?? new Set<string>();
      members.set(change.listId, set);
      if (change.kind === 'grant') set.add(change.userId);
      else set.delete(change.userId);
    },
    transferred(listId, newOwnerId) {
      const former = ownerOf(listId);
      const set = members.get(listId) ?? new Set<string>();
      members.set(listId, set);
      set.delete(newOwnerId);
      if (former) set.add(former);
      owners.set(listId, newOwnerId);
    },
    definitelyUnseen(userId, listId, from, to) {
      // The creator holds the list from the start: a grant before everything (a transfer may make them a removable editor).
      const created: AccessChange[] =
        creatorOf(listId) === userId ? [{ userId, listId, kind: 'grant', requestedAt: -Infinity, settledAt: -Infinity }] : [];
      const mine = [...created, ...changes].filter(
        (change) => change.userId === userId && change.listId === listId && change.requestedAt <= to,
      );
      if (mine.some((change) => change.kind === 'grant' && change.requestedAt > from)) return false;
      if (mine.some((change) => change.requestedAt <= from && change.settledAt > from)) return false;
      const before = mine.filter((change) => change.settledAt <= from).at(-1);
      return before === undefined || before.kind === 'revoke';
    },
  };
}
