import type { Task } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';
import type { PushAttempt } from './ack-ledger';
import { CONTENT_FIELDS, LIST_CONTENT_FIELDS, sameFieldValue } from './canonical-tasks';
import type { AccessLog } from './sharing-access';

export type Holdings = { tasks: readonly Task[]; lists: readonly TaskList[] };
type Doc = Task | TaskList;

const fieldsOf = (collection: 'tasks' | 'lists'): readonly string[] => (collection === 'lists' ? LIST_CONTENT_FIELDS : CONTENT_FIELDS);
const value = (doc: Doc, field: string): unknown => (doc as Record<string, unknown>)[field] ?? (field === '_deleted' ? false : undefined);

export function sameContent(collection: 'tasks' | 'lists', a: Doc, b: Doc): boolean {
  return fieldsOf(collection).every((field) => sameFieldValue(value(a, field), value(b, field)));
}

const live = <D extends Doc>(docs: readonly D[]) => new Map(docs.filter((doc) => !doc._deleted).map((doc) => [doc.id, doc]));

/** The last row a device pushed of each document, by `collection/id`. */
export function lastPushes(attempts: readonly PushAttempt[], device: string): Map<string, PushAttempt> {
  const last = new Map<string, PushAttempt>();
  for (const attempt of attempts) if (attempt.device === device) last.set(`${attempt.collection}/${attempt.doc.id}`, attempt);
  return last;
}

/**
 * [CS1] A device against its user's documents in the store: the same live tasks and lists, each with the same content and
 * `seq`. The one allowed difference is a refused row kept as the user left it ([RJ5]): the device's last push of the
 * document was refused, the device holds exactly that, and the store has written nothing of it since that the device
 * knew of (same `seq`, no `seq` — an undone delete is written without one —, or no such document in the store) —
 * anything newer the device would have had to pull ([RJ6]). Returns the differences and how
 * many documents differed only by a kept refusal.
 */
export function compareDevice(
  device: string,
  held: Holdings,
  truth: Holdings,
  last: ReadonlyMap<string, PushAttempt>,
): { differences: string[]; keptRefusals: number; taskIds: string[] } {
  const differences: string[] = [];
  const taskIds: string[] = [];
  let keptRefusals = 0;
  for (const collection of ['tasks', 'lists'] as const) {
    const heldAll = new Map<string, Doc>(held[collection].map((doc) => [doc.id, doc]));
    const truthAll = new Map<string, Doc>(truth[collection].map((doc) => [doc.id, doc]));
    const ids = new Set([...live<Doc>(held[collection]).keys(), ...live<Doc>(truth[collection]).keys()]);
    for (const id of [...ids].sort()) {
      const [mine, stored] = [heldAll.get(id), truthAll.get(id)];
      const equal =
        mine &&
        stored &&
        !mine._deleted &&
        !stored._deleted &&
        (mine.seq ?? null) === (stored.seq ?? null) &&
        sameContent(collection, mine, stored);
      if (equal) continue;
      const refused = last.get(`${collection}/${id}`);
      if (
        refused?.outcome === 'refused' &&
        mine &&
        sameContent(collection, mine, refused.doc) &&
        (!stored || mine.seq === undefined || mine.seq === stored.seq)
      ) {
        keptRefusals += 1;
        continue;
      }
      const show = (doc: Doc | undefined) => (doc ? JSON.stringify({ ...doc, description: undefined, checklist: undefined }) : 'nothing');
      differences.push(`${device} ${collection} ${id}: holds ${show(mine)}, its user's store ${show(stored)}`);
      if (collection === 'tasks') taskIds.push(id);
    }
  }
  return { differences, keptRefusals, taskIds };
}

/**
 * [CS1] The stores of all users against the harness's own record of who may see what: every live list of any user is
 * seen by exactly its owner and members; every live task of a list, by exactly those who see the list; a task in an
 * Inbox, by one user only; a document anyone sees reads the same for everyone. Pairs whose last membership change
 * could not be settled are left out. Returns the live documents over all users (Inboxes apart) and the violations.
 */
export function checkStoresAgainstAccess(
  truths: ReadonlyMap<string, Holdings>,
  log: AccessLog,
): { tasks: Map<string, Task>; lists: Map<string, TaskList>; violations: string[] } {
  const violations: string[] = [];
  const tasks = new Map<string, Task>();
  const lists = new Map<string, TaskList>();
  const inboxTasks = new Map<string, string>();
  for (const [userId, truth] of truths) {
    for (const [collection, into] of [
      ['tasks', tasks],
      ['lists', lists],
    ] as const) {
      for (const doc of live<Doc>(truth[collection]).values()) {
        if (collection === 'lists' && doc.id === INBOX_LIST_ID) continue;
        const seen = into.get(doc.id);
        if (seen && !sameContent(collection, seen, doc)) violations.push(`${collection} ${doc.id} reads differently for ${userId}`);
        (into as Map<string, Doc>).set(doc.id, doc);
        if (collection === 'tasks' && (doc as Task).listId === INBOX_LIST_ID) {
          const other = inboxTasks.get(doc.id);
          if (other) violations.push(`task ${doc.id} is in the Inbox of both ${other} and ${userId}`);
          inboxTasks.set(doc.id, userId);
        }
      }
    }
  }
  const unsettled = new Set(
    log.changes.filter((change) => change.settledAt === Infinity).map((change) => `${change.userId}/${change.listId}`),
  );
  for (const [userId, truth] of truths) {
    const heldLists = live(truth.lists);
    const heldTasks = live(truth.tasks);
    const counted = (listId: string) => !unsettled.has(`${userId}/${listId}`);
    for (const list of lists.values()) {
      if (!counted(list.id)) continue;
      const should = log.sees(userId, list.id);
      if (should !== heldLists.has(list.id)) violations.push(`${userId} ${should ? 'lacks' : 'holds'} list ${list.id}`);
    }
    for (const task of tasks.values()) {
      if (task.listId === INBOX_LIST_ID) {
        if (heldTasks.has(task.id) !== (inboxTasks.get(task.id) === userId))
          violations.push(`${userId} holds another's Inbox task ${task.id}`);
        continue;
      }
      if (!counted(task.listId)) continue;
      const should = log.sees(userId, task.listId);
      if (should !== heldTasks.has(task.id))
        violations.push(`${userId} ${should ? 'lacks' : 'holds'} task ${task.id} of list ${task.listId}`);
    }
  }
  return { tasks, lists, violations };
}
