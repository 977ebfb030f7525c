/** Every localStorage key the app writes. A user's own keys go when they sign out and remove this device's copy. */
export const SESSION_KEY = 'tasklane:session';

/** Set once the iOS "Add to Home Screen" hint was dismissed on this device (not per user). */
export const IOS_INSTALL_HINT_DISMISSED_KEY = 'tasklane:ios-install-hint-dismissed';

/** Set once the app asked for notification permission on this device (not per user): it asks by itself only once ([WP1]). */
export const PUSH_ASKED_KEY = 'tasklane:push-asked';

/**
 * The push endpoint this device registered with the server, to remove it when the browser replaces it ([WP2]). Not per
 * user: a browser has one subscription per origin; every sign-out removes it, whether or not local data goes ([WP7]).
 */
export const PUSH_ENDPOINT_KEY = 'tasklane:push-endpoint';

export type UserStorageKeys = {
  /** Ids of tasks waiting to sync, shown before replication starts after a reload. */
  pending: string;
  /** When this device last completed a pull or push. */
  lastSynced: string;
  /** [SC3] The user's shared lists and their roles (`GET /api/memberships`), and ([SC7]) their people, kept for offline use. */
  memberships: string;
};

export function userStorageKeys(userId: string): UserStorageKeys {
  return {
    pending: `tasklane:pending:${userId}`,
    lastSynced: `tasklane:last-synced:${userId}`,
    memberships: `tasklane:memberships:${userId}`,
  };
}
