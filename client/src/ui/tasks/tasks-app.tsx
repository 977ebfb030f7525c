import { useEffect, useMemo, useRef, useState } from 'react';
import { shareReplay, take } from 'rxjs';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskDatabase } from '../../db/create-task-db';
import { STORAGE_PROBLEM_MESSAGE, storageProblemOf, type StorageProblem } from '../../db/storage-problem';
import { createListRepository } from '../../db/list-repository';
import { liveLists } from '../../db/live-lists';
import { createTaskRepository } from '../../db/task-repository';
import type { AuthApi } from '../../session/auth-api';
import { createDeviceSession, type SignOutOptions } from '../../session/device-session';
import { browserRefreshLock, createTokenSource } from '../../session/token-source';
import type { SessionStore, SessionUser } from '../../session/session-store';
import type { SyncEngine } from '../../sync/sync-engine';
import { signOutOfPush, usePush } from '../../push/use-push';
import { useSharing } from '../../sharing/use-sharing';
import { listsPortOf } from '../nav/ports';
import { useSharedTask } from '../phone/use-launch-intent';
import { liveTaskList } from './live-task-list';
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
  const [accountTokens] = useState(() => createTokenSource({ auth, sessions, withLock: browserRefreshLock }));

  useEffect(() => {
    let cancelled = false;
    device.openDatabase().then(
      (opened) => {
        if (!cancelled) setDb(opened);
      },
      (error: unknown) => {
        console.warn('Tasklane: the local database could not be opened', error);
        if (!cancelled) setProblem(storageProblemOf(error) ?? 'unavailable');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [device]);

  const tasks$ = useMemo(() => (db ? liveTaskList(db.tasks).pipe(shareReplay({ bufferSize: 1, refCount: true })) : null), [db]);
  const tasks = useObservable<Task[] | null>(tasks$, null);

  // Sync starts once the stored tasks are listed (on a reload, its start-up would compete with the
  // first rows for the main thread; a new device lists nothing, at once) and runs until sign-out or unmount.
  useEffect(() => {
    if (!db || !tasks$) return undefined;
    let started: SyncEngine | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listed = tasks$.pipe(take(1)).subscribe(() => {
      timer = setTimeout(() => {
        started = device.startSync(db);
        setEngine(started);
      }, 0);
    });
    return () => {
      listed.unsubscribe();
      clearTimeout(timer);
      if (started) void device.stopSync(started);
    };
  }, [device, db, tasks$]);

  // A new sign-in while the engine runs (the session had expired) reconnects it with the new token;
  // the sign-in that mounted this component needs none: its engine starts with that token.
  const signInHandled = useRef(signInCount);
  useEffect(() => {
    if (!engine || signInCount === signInHandled.current) return;
    signInHandled.current = signInCount;
    engine.reconnect();
  }, [engine, signInCount]);
  const repository = useMemo(() => (db ? createTaskRepository(db.tasks) : null), [db]);
  const lists = useMemo(() => {
    if (!db || !repository) return null;
    const lists$ = liveLists(db.lists).pipe(shareReplay({ bufferSize: 1, refCount: true }));
    return listsPortOf(db.lists, createListRepository({ lists: db.lists, tasks: db.tasks, taskRepository: repository }), lists$);
  }, [db, repository]);
  const sharing = useSharing({ tokens: accountTokens, userId: user.id, engine, lists$: lists?.lists$ ?? null });
  useSharedTask(repository);
  usePush({ tokens: accountTokens, userId: user.id, repository, tasks: db?.tasks ?? null });

  async function signOut(options: SignOutOptions) {
    setEngine(null);
    // [WP7] while the session can still sign the DELETE; a session ended on the server had the Account dialog do it first
    if (!options.endedOnServer) await signOutOfPush(accountTokens);
    await device.signOut(options); // [SO1] no logout when the server ended the session already
    onSignedOut();
  }

  if (problem) {
    return (
      <main>
        <p className="banner" role="alert">
          {STORAGE_PROBLEM_MESSAGE[problem]}
        </p>
      </main>
    );
  }
  // in a <main> like the task screen: every state of the page has its main landmark ([AY1])
  if (!db || !repository || !lists || !tasks)
    return (
      <main>
        <p className="boot">Opening your tasks…</p>
      </main>
    );
  return (
    <TaskScreen
      tasks={tasks}
      repository={repository}
      lists={lists}
      engine={engine}
      exportSource={db}
      onSignInAgain={onSignInAgain}
      onSignOut={signOut}
      accountTokens={accountTokens}
      sharing={sharing}
    />
  );
}
