import { useEffect, useMemo, useState } from 'react';
import { map } from 'rxjs/operators';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskDatabase } from '../../db/create-task-db';
import { STORAGE_PROBLEM_MESSAGE, storageProblemOf, type StorageProblem } from '../../db/storage-problem';
import { createTaskRepository } from '../../db/task-repository';
import { toTask } from '../../db/to-task';
import type { AuthApi } from '../../session/auth-api';
import { createDeviceSession } from '../../session/device-session';
import type { SessionStore, SessionUser } from '../../session/session-store';
import type { SyncEngine } from '../../sync/sync-engine';
import { TaskScreen } from './task-screen';
import { useObservable } from './use-observable';

export type TasksAppProps = {
  user: SessionUser;
  auth: AuthApi;
  sessions: SessionStore;
  signInCount: number;
  onSignInAgain: () => void;
  onSignedOut: () => void;
};

/** The signed-in part of the app (lazy chunk): the user's database, the sync engine and the task screen. */
export default function TasksApp({ user, auth, sessions, signInCount, onSignInAgain, onSignedOut }: TasksAppProps) {
  // The app keys this component by user id: one device session per signed-in user.
  const [device] = useState(() => createDeviceSession({ user, auth, sessions, serverUrl: location.origin }));
  const [db, setDb] = useState<TaskDatabase | null>(null);
  const [problem, setProblem] = useState<StorageProblem | null>(null);
  const [engine, setEngine] = useState<SyncEngine | null>(null);

  // Sync starts as soon as the database is open and runs until sign-out or unmount.
  useEffect(() => {
    let cancelled = false;
    let started: SyncEngine | null = null;
    device.openDatabase().then(
      (opened) => {
        if (cancelled) return;
        started = device.startSync(opened);
        setDb(opened);
        setEngine(started);
      },
      (error: unknown) => {
        console.warn('Tasklane: the local database could not be opened', error);
        if (!cancelled) setProblem(storageProblemOf(error) ?? 'unavailable');
      },
    );
    return () => {
      cancelled = true;
      if (started) void device.stopSync(started);
    };
  }, [device]);

  useEffect(() => {
    if (engine && signInCount > 0) engine.reconnect();
  }, [engine, signInCount]);

  const tasks$ = useMemo(() => db?.tasks.find().$.pipe(map((docs) => docs.map((doc) => toTask(doc.toJSON() as Task)))) ?? null, [db]);
  const tasks = useObservable<Task[] | null>(tasks$, null);
  const repository = useMemo(() => (db ? createTaskRepository(db.tasks) : null), [db]);

  async function signOut(removeLocalData: boolean) {
    setEngine(null);
    await device.signOut({ removeLocalData });
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
  return <TaskScreen tasks={tasks} repository={repository} engine={engine} onSignInAgain={onSignInAgain} onSignOut={signOut} />;
}
