import type { RegisteredUser } from '@tasklane/testkit/api-client';
import type { TaskDatabase } from '../../src/db/create-task-db';
import { createAuthApi } from '../../src/session/auth-api';
import { createMemorySessionStore } from '../../src/session/session-store';
import { createMemoryPendingStore } from '../../src/sync/pending-tracker';
import { createSyncEngine, type SyncEngine } from '../../src/sync/sync-engine';

/** The app's sync engine for `db`, signed in as `user` on `baseUrl`, retrying quickly. */
export function onlineEngine(db: TaskDatabase, baseUrl: string, user: RegisteredUser): SyncEngine {
  return createSyncEngine({
    collection: db.tasks,
    baseUrl,
    auth: createAuthApi(baseUrl),
    sessions: createMemorySessionStore({
      user: { id: user.id, email: user.email },
      accessToken: user.accessToken,
      refreshToken: user.refreshToken,
    }),
    pendingStore: createMemoryPendingStore(),
    waitForLeadership: false,
    retryTimeMs: 300,
    reconnectionDelayMs: 200,
  });
}
