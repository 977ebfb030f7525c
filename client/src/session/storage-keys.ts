/** Every localStorage key the app writes. A user's own keys go when they sign out and remove this device's copy. */
export const SESSION_KEY = 'tasklane:session';

export type UserStorageKeys = {
  /** Ids of tasks waiting to sync, shown before replication starts after a reload. */
  pending: string;
  /** When this device last completed a pull or push. */
  lastSynced: string;
};

export function userStorageKeys(userId: string): UserStorageKeys {
  return { pending: `tasklane:pending:${userId}`, lastSynced: `tasklane:last-synced:${userId}` };
}
