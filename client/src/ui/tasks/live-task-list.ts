import { Observable } from 'rxjs';
import type { RxDocumentData } from 'rxdb/plugins/core';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskCollection } from '../../db/create-task-db';
import { storedTasks } from '../../db/stored-tasks';
import { byCreatedNewest } from './filter-tasks';

/** How often, at most, the list follows a burst of writes (a first sync writes 1,000 tasks at a time) … */
const REFRESH_MIN_MS = 100;
/** … and for large lists, where every refresh costs a pass over the whole list, less often (up to once a second). */
const REFRESH_MS_PER_TASK = 1 / 100;
const REFRESH_MAX_MS = 1000;

export function refreshIntervalMs(listLength: number): number {
  return Math.min(REFRESH_MAX_MS, Math.max(REFRESH_MIN_MS, listLength * REFRESH_MS_PER_TASK));
}

function revisionHeight(doc: RxDocumentData<Task>): number {
  return Number.parseInt(doc._rev, 10) || 0;
}

/** Merges two lists sorted by `byCreatedNewest`. */
function merge(a: Task[], b: Task[]): Task[] {
  if (b.length === 0) return a;
  const out = new Array<Task>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = byCreatedNewest(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/**
 * [BW6] Every task that is not deleted, newest first (`byCreatedNewest`), live: one query of the
 * stored tasks, then the collection's change events (this tab's writes, the replication's, other
 * tabs'). A burst of writes costs the size of the burst plus one merge per refresh, not a new query
 * result of the whole list per write as RxDB's live query would (2.7 s of the main thread for a
 * first sync of 100,000 tasks); the list follows a burst at most every `refreshIntervalMs`, the first
 * and the last state of a burst always shown. The tasks are the stored documents themselves (RxDB's
 * fields included, never written back), not copies: a large list is not held twice.
 */
export function liveTaskList(collection: TaskCollection): Observable<Task[]> {
  return new Observable<Task[]>((subscriber) => {
    const heights = new Map<string, number>();
    /** Changes since the last emission: the new state, or null when the task is gone. */
    let changed = new Map<string, Task | null>();
    let sorted: Task[] | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastEmitAt = -Infinity;

    const note = (doc: RxDocumentData<Task>) => {
      const height = revisionHeight(doc);
      // Events that arrived before the first query may be older than what it returned.
      if ((heights.get(doc.id) ?? -1) > height) return;
      heights.set(doc.id, height);
      changed.set(doc.id, doc._deleted ? null : doc);
    };

    const emit = () => {
      timer = undefined;
      if (!sorted || subscriber.closed) return;
      if (changed.size > 0) {
        const gone = changed;
        changed = new Map();
        const added = [...gone.values()].filter((task): task is Task => task !== null).sort(byCreatedNewest);
        sorted = merge(
          sorted.filter((task) => !gone.has(task.id)),
          added,
        );
      }
      lastEmitAt = performance.now();
      subscriber.next(sorted);
    };

    const schedule = () => {
      if (timer !== undefined || !sorted) return;
      const wait = lastEmitAt + refreshIntervalMs(sorted.length) - performance.now();
      if (wait <= 0) emit();
      else timer = setTimeout(emit, wait);
    };

    const subscription = collection.eventBulks$.subscribe((bulk) => {
      if (bulk.isLocal) return;
      for (const event of bulk.events) note(event.documentData as RxDocumentData<Task>);
      schedule();
    });

    storedTasks(collection).then(
      (documents) => {
        if (subscriber.closed) return;
        const initial: Task[] = [];
        for (let i = documents.length - 1; i >= 0; i -= 1) {
          const doc = documents[i]!;
          const height = revisionHeight(doc);
          // A change event that arrived first holds this state or a newer one: `emit` merges it in.
          if ((heights.get(doc.id) ?? -1) >= height) continue;
          heights.set(doc.id, height);
          changed.delete(doc.id);
          initial.push(doc);
        }
        sorted = initial;
        emit();
      },
      (error: unknown) => subscriber.error(error),
    );

    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  });
}
