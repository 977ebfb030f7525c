import { useMemo, useState } from 'react';
import { combineLatest, map, of, switchMap, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb/plugins/core';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { newTaskId } from '@tasklane/shared/domain/task-id';
import { toTask } from '../../db/to-task';
import { toTaskList } from '../../db/to-task-list';
import type { SyncEngine } from '../../sync/sync-engine';
import { syncProblemsOf, type RefusedEdit } from '../../sync/sync-problems';
import { useObservable } from '../tasks/use-observable';
import { isNoAccess, noAccessText, type ListNames } from './no-access';
import { isRefusedAssignee, refusedAssigneeText, unassignEdit, type AssigneeNames } from './refused-assignee';
import { copyEdit, editName, isReplaced, restoreEdit } from './refused-edit';

type Document = Task | TaskList;
type Collections = Record<string, RxCollection<Document> | undefined>;

/** The local documents with these ids (a deleted or missing one is absent), live. */
function localDocuments(
  collection: RxCollection<Document> | undefined,
  ids: string[],
  replicated: (stored: never) => Document,
): Observable<ReadonlyMap<string, Document>> {
  if (!collection || ids.length === 0) return of(new Map());
  return collection
    .findByIds(ids)
    .$.pipe(map((found) => new Map([...found].map(([id, document]) => [id, replicated(document.toMutableJSON() as never)]))));
}

/** [RJ6] The refused edits a pull has replaced on this device, live. */
function replacedEdits(engine: SyncEngine, collections: Collections): Observable<RefusedEdit[]> {
  const problems = syncProblemsOf(engine.replication.collection.database);
  return combineLatest([problems.edits$, engine.status$]).pipe(
    switchMap(([edits, status]) => {
      const all = [...edits.values()];
      const idsOf = (name: string) => all.filter((edit) => edit.collection === name).map((edit) => edit.id);
      return combineLatest([
        localDocuments(collections.tasks, idsOf('tasks'), toTask),
        localDocuments(collections.lists, idsOf('lists'), toTaskList),
      ]).pipe(
        map(([tasks, lists]) =>
          all.filter((edit) => {
            const local = (edit.collection === 'lists' ? lists : tasks).get(edit.id) ?? null;
            const pending = (edit.collection === 'lists' ? status.pendingListIds : status.pendingIds).has(edit.id);
            // [SC5] [SC7] a refusal for want of access, or of the assignee, is offered at once: pushing it again could only
            // be refused again
            return isNoAccess(edit) || isRefusedAssignee(edit) || isReplaced(edit, local, pending);
          }),
        ),
      );
    }),
  );
}

/**
 * [RJ6] Nothing the user wrote disappears silently: an edit the server refused that a change from another device has
 * since replaced on this one is offered back — restored (written again, and pushed again), copied as a new task or
 * list, or dismissed.
 */
export function RefusedEditsPanel({
  engine,
  lists,
  names,
  assignees,
}: {
  engine: SyncEngine | null;
  lists: readonly TaskList[];
  names?: ListNames;
  assignees?: AssigneeNames;
}) {
  const collections = useMemo<Collections>(
    () => ({
      tasks: engine?.replication.collection as RxCollection<Document> | undefined,
      lists: engine?.listReplication?.collection as RxCollection<Document> | undefined,
    }),
    [engine],
  );
  const edits$ = useMemo(() => (engine ? replacedEdits(engine, collections) : null), [engine, collections]);
  const edits = useObservable<RefusedEdit[]>(edits$, []);
  const [failure, setFailure] = useState<string | null>(null);
  if (!engine || edits.length === 0) return null;
  const problems = syncProblemsOf(engine.replication.collection.database);

  const act = (work: () => Promise<unknown>) => {
    setFailure(null);
    work().catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
  };
  const restore = (edit: RefusedEdit) =>
    act(async () => {
      const target = collections[edit.collection];
      if (target) await restoreEdit(target, edit, new Date().toISOString());
    });
  /** [SC7] The refused edit written again without its assignee: pushed again, it syncs, and its record goes. */
  const unassign = (edit: RefusedEdit) =>
    act(async () => {
      if (collections.tasks) await unassignEdit(collections.tasks, edit, new Date().toISOString());
    });
  const copy = (edit: RefusedEdit) =>
    act(async () => {
      const live = new Set(lists.map((list) => list.id));
      const target = collections[edit.collection];
      if (target) await copyEdit(target, edit, newTaskId(), new Date().toISOString(), (id) => live.has(id));
      await problems.dismiss(edit.collection, edit.id);
    });
  /**
   * [SC5] Copied into the Inbox, or let go: the edit of a list the device no longer holds leaves it too (its deletion is
   * refused as well, and not kept); in a list still held (a viewer's) the device keeps the document until it changes.
   */
  const letGo = (edit: RefusedEdit, copied: boolean) =>
    act(async () => {
      const target = collections[edit.collection];
      if (target && copied) await copyEdit(target, edit, newTaskId(), new Date().toISOString(), () => false);
      await problems.dismiss(edit.collection, edit.id);
      const listId = edit.document && 'listId' in edit.document ? edit.document.listId : null;
      if (target && listId !== null && !lists.some((list) => list.id === listId)) {
        const local = await target.findOne(edit.id).exec();
        if (local && !local.deleted) await local.remove();
      }
    });

  return (
    <section className="banner refused-edits" aria-label="Edits that couldn’t sync">
      <ul>
        {edits.map((edit) =>
          isRefusedAssignee(edit) ? (
            <li key={`${edit.collection}:${edit.id}`}>
              <p>
                Couldn’t sync: {refusedAssigneeText(edit, names ?? (() => undefined), assignees ?? (() => null))}. Your edit of “
                {editName(edit)}” is kept on this device.
              </p>
              <button type="button" onClick={() => unassign(edit)}>
                Sync it unassigned
              </button>{' '}
              <button type="button" onClick={() => act(() => problems.dismiss(edit.collection, edit.id))}>
                Dismiss
              </button>
            </li>
          ) : isNoAccess(edit) ? (
            <li key={`${edit.collection}:${edit.id}`}>
              <p>
                Couldn’t sync: {noAccessText(edit, names ?? (() => undefined))}. Your edit of “{editName(edit)}” is kept on this device.
              </p>
              <button type="button" onClick={() => letGo(edit, true)}>
                {edit.collection === 'lists' ? 'Copy as new list' : 'Copy to my Inbox'}
              </button>{' '}
              <button type="button" onClick={() => letGo(edit, false)}>
                Dismiss
              </button>
            </li>
          ) : (
            <li key={`${edit.collection}:${edit.id}`}>
              <p>
                Your edit of “{editName(edit)}” couldn’t sync: {edit.message}. It has changed since on another device.
              </p>
              <button type="button" onClick={() => restore(edit)}>
                Restore my edit
              </button>{' '}
              <button type="button" onClick={() => copy(edit)}>
                Copy as new {edit.collection === 'lists' ? 'list' : 'task'}
              </button>{' '}
              <button type="button" onClick={() => act(() => problems.dismiss(edit.collection, edit.id))}>
                Dismiss
              </button>
            </li>
          ),
        )}
      </ul>
      {failure && <p role="alert">{failure}</p>}
    </section>
  );
}
