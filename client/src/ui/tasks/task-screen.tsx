import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { Task } from '@tasklane/shared/domain/task';
import { STORAGE_PROBLEM_MESSAGE, storageProblemOf } from '../../db/storage-problem';
import type { TaskPatch, TaskRepository } from '../../db/task-repository';
import type { MergedConflict, SyncEngine, SyncStatus } from '../../sync/sync-engine';
import { filterTasks, type ListQuery } from './filter-tasks';
import { ListControls } from './list-controls';
import { QuickAdd } from './quick-add';
import { SignOutDialog } from './sign-out-dialog';
import { SyncBar } from './sync-bar';
import { TaskEditor } from './task-editor';
import { TaskRow } from './task-row';
import { useObservable } from './use-observable';

/** Rows rendered at first; the next page renders when the end of the list nears the viewport (or on "Show more"). */
const PAGE = 50;
const UNDO_MS = 8000;

export function TaskScreen(props: {
  tasks: Task[];
  repository: TaskRepository;
  engine: SyncEngine | null;
  onSignInAgain: () => void;
  onSignOut: (removeLocalData: boolean) => Promise<void>;
}) {
  const { tasks, repository, engine } = props;
  const status = useObservable<SyncStatus | null>(engine?.status$ ?? null, null);
  const [query, setQuery] = useState<ListQuery>({ status: 'all', sort: 'created', search: '' });
  const deferredQuery = useDeferredValue(query);
  const [limit, setLimit] = useState(PAGE);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<Task | null>(null);
  const [conflict, setConflict] = useState<MergedConflict | null>(null);
  const [writeError, setWriteError] = useState<string | null>(null);
  const [signingOut, setSigningOut] = useState(false);

  const visible = useMemo(() => filterTasks(tasks, deferredQuery), [tasks, deferredQuery]);
  const more = useRef<HTMLButtonElement | null>(null);
  const hasMore = visible.length > limit;
  useEffect(() => {
    const button = more.current;
    if (!button || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && setLimit((n) => n + PAGE), {
      rootMargin: '600px 0px',
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, [hasMore, limit]);
  const editingTask = editing ? tasks.find((task) => task.id === editing) : undefined;
  const pendingIds = status?.pendingIds;

  const run = useCallback(async (action: () => Promise<unknown>) => {
    try {
      await action();
      setWriteError(null);
    } catch (error) {
      const problem = storageProblemOf(error);
      console.warn('Tasklane: a local write failed', error);
      setWriteError(problem ? STORAGE_PROBLEM_MESSAGE[problem] : 'That change could not be saved on this device. Try again.');
    }
  }, []);

  useEffect(() => {
    if (!engine) return undefined;
    const subscription = engine.conflicts$.subscribe(setConflict);
    return () => subscription.unsubscribe();
  }, [engine]);

  useEffect(() => {
    if (!deleted) return undefined;
    const timer = setTimeout(() => setDeleted(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [deleted]);

  useEffect(() => {
    if (!conflict) return undefined;
    const timer = setTimeout(() => setConflict(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [conflict]);

  const onToggle = useCallback((id: string) => void run(() => repository.toggleComplete(id)), [repository, run]);
  const onDelete = useCallback(
    (id: string) =>
      void run(async () => {
        setEditing(null);
        setDeleted(await repository.remove(id));
      }),
    [repository, run],
  );

  return (
    <main>
      <SyncBar status={status} onSignInAgain={props.onSignInAgain} />
      {writeError && (
        <p className="banner" role="alert">
          {writeError}
        </p>
      )}
      <QuickAdd onAdd={(title) => run(() => repository.create({ title }))} />
      <ListControls query={query} onChange={setQuery} />
      <p className="visually-hidden" role="status" aria-live="polite">
        {visible.length} {visible.length === 1 ? 'task' : 'tasks'} shown
      </p>
      {visible.length === 0 ? (
        <p className="empty">{tasks.length === 0 ? 'No tasks yet. Add one above.' : 'No task matches.'}</p>
      ) : (
        <ul className="tasks" aria-label="Tasks">
          {visible.slice(0, limit).map((task) => (
            <TaskRow
              key={task.id}
              task={task}
              unsynced={pendingIds?.has(task.id) ?? false}
              onToggle={onToggle}
              onOpen={setEditing}
              onDelete={onDelete}
            />
          ))}
        </ul>
      )}
      {hasMore && (
        <p>
          <button type="button" ref={more} onClick={() => setLimit(limit + PAGE)}>
            Show more ({visible.length - limit} left)
          </button>
        </p>
      )}
      <p>
        <button type="button" onClick={() => setSigningOut(true)}>
          Sign out
        </button>
      </p>

      {editingTask && (
        <TaskEditor
          key={editingTask.id}
          task={editingTask}
          onClose={() => setEditing(null)}
          onDelete={() => onDelete(editingTask.id)}
          onSave={(patch: TaskPatch) => {
            setEditing(null);
            if (Object.keys(patch).length > 0) void run(() => repository.update(editingTask.id, patch));
          }}
        />
      )}
      {signingOut && (
        <SignOutDialog
          waiting={pendingIds?.size ?? 0}
          onClose={() => setSigningOut(false)}
          onConfirm={(remove) => void props.onSignOut(remove)}
        />
      )}
      {deleted && (
        <div className="toast" role="status">
          <span>Deleted “{deleted.title}”.</span>
          <button
            type="button"
            onClick={() => {
              const task = deleted;
              setDeleted(null);
              void run(() => repository.restore(task));
            }}
          >
            Undo
          </button>
        </div>
      )}
      {conflict && (
        <div className="toast upper" role="status" data-testid="conflict-notice">
          <span>“{conflict.title}” was changed on another device too; both edits were merged.</span>
          <button type="button" onClick={() => setConflict(null)}>
            OK
          </button>
        </div>
      )}
    </main>
  );
}
