import { useEffect, useMemo, useState } from 'react';
import { map } from 'rxjs/operators';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskDatabase } from '../../db/create-task-db';
import { forgetUserDb, openUserDb } from '../../db/open-user-db';
import { STORAGE_PROBLEM_MESSAGE, storageProblemOf, type StorageProblem } from '../../db/storage-problem';
import { createTaskRepository } from '../../db/task-repository';
import { toTask } from '../../db/to-task';
import { createAuthApi } from '../../sync/auth-api';
import { createLocalPendingStore } from '../../sync/pending-tracker';
import type { SessionStore, SessionUser } from '../../sync/session-store';
import { createSyncEngine, type SyncEngine } from '../../sync/sync-engine';
import { browserRefreshLock } from '../../sync/token-source';
import { TaskScreen } from './task-screen';
import { useObservable } from './use-observable';

export type TasksAppProps = {
  user: SessionUser;
  sessions: SessionStore;
  signInCount: number;
  onSignInAgain(): void;
  onSignedOut(): void;
};

const keyFor = (userId: string, what: string) => `tasklane:${what}:${userId}`;

function lastSyncedStore(userId: string) {
  return {
    load: () => localStorage.getItem(keyFor(userId, 'last-synced')),
    save: (at: string) => {
      try {
        localStorage.setItem(keyFor(userId, 'last-synced'), at);
      } catch {
        // storage full: not worth failing over
      }
    },
  };
}

/** The signed-in part of the app (lazy chunk): the user's database, the sync engine and the task screen. */
export default function TasksApp({ user, sessions, signInCount, onSignInAgain, onSignedOut }: TasksAppProps) {
  const [db, setDb] = useState<TaskDatabase | null>(null);
  const [problem, setProblem] = useState<StorageProblem | null>(null);
  const [engine, setEngine] = useState<SyncEngine | null>(null);

  useEffect(() => {
    let cancelled = false;
    openUserDb(user.id).then(
      (opened) => !cancelled && setDb(opened),
      (error: unknown) => {
        console.warn('Tasklane: the local database could not be opened', error);
        if (!cancelled) setProblem(storageProblemOf(error) ?? 'unavailable');
      },
    );
    // Ask the browser not to evict our data under storage pressure (Safari/iOS especially).
    void navigator.storage?.persist?.().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [user.id]);

  useEffect(() => {
    if (!db) return undefined;
    const created = createSyncEngine({
      collection: db.tasks,
      baseUrl: location.origin,
      sessions,
      pendingStore: createLocalPendingStore(keyFor(user.id, 'pending')),
      lastSyncedStore: lastSyncedStore(user.id),
      withLock: browserRefreshLock,
    });
    setEngine(created);
    return () => {
      setEngine(null);
      void created.close();
    };
  }, [db, sessions, user.id]);

  useEffect(() => {
    if (engine && signInCount > 0) engine.reconnect();
  }, [engine, signInCount]);

  const tasks$ = useMemo(() => db?.tasks.find().$.pipe(map((docs) => docs.map((doc) => toTask(doc.toJSON() as Task)))) ?? null, [db]);
  const tasks = useObservable<Task[] | null>(tasks$, null);
  const repository = useMemo(() => (db ? createTaskRepository(db.tasks) : null), [db]);

  async function signOut(removeLocalData: boolean) {
    await engine?.close();
    setEngine(null);
    void createAuthApi('')
      .logout(undefined)
      .catch(() => undefined); // offline: the refresh token simply expires
    if (db) {
      forgetUserDb(user.id);
      if (removeLocalData) {
        await db.remove();
        for (const what of ['pending', 'last-synced']) localStorage.removeItem(keyFor(user.id, what));
      } else {
        await db.close();
      }
    }
    onSignedOut();
  }

  if (problem) {
    return (
      <p className="banner" role="alert">
        {STORAGE_PROBLEM_MESSAGE[problem]}
      </p>
    );
  }
  if (!db || !repository || !tasks) return <p className="boot">Opening your tasks…</p>;
  return (
    <TaskScreen
      tasks={tasks}
      repository={repository}
      engine={engine}
      onSignInAgain={onSignInAgain}
      onSignOut={signOut}
    />
  );
}
