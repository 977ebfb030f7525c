import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { SyncEngine } from '@tasklane/client/src/sync/sync-engine';
import { ledgerNow } from './ack-ledger';

/**
 * [CS3] One document with content that a device received from a server: by a pull (sent at `sentAt`) or a `changes`
 * event (`sentAt` unknown, -Infinity). The tombstones that hide a document from a user ([SH5]) tell nothing of it and
 * are not receipts.
 */
export type Receipt = {
  device: string;
  userId: string;
  via: 'pull' | 'changes';
  collection: 'tasks' | 'lists';
  id: string;
  /** The task's list at that write; for a list, its own id. */
  listId: string;
  updatedAt: string;
  sentAt: number;
  receivedAt: number;
};

/** Every receipt of a run, and how many hiding tombstones arrived ([SH5]: a removal reached a device). */
export type ReceiptLog = { receipts: Receipt[]; hidden: number };

const NO_ACCESS = 'No access';

/** A tombstone made by hiding ([SH5], `shared/src/domain/hidden-documents.ts`): deleted, named "No access", stamped once. */
export function isHidden(doc: Task | TaskList): boolean {
  const label = 'title' in doc ? doc.title : doc.name;
  return doc._deleted === true && label === NO_ACCESS && doc.createdAt === doc.updatedAt;
}

/** Records what every engine of one device receives, pulls and `changes` alike, into `receipts`. */
export function watchReceipts(log: ReceiptLog, device: string, userId: string) {
  const note = (collection: 'tasks' | 'lists', docs: readonly (Task | TaskList)[], via: Receipt['via'], sentAt: number) => {
    const receivedAt = ledgerNow();
    for (const doc of docs) {
      if (isHidden(doc)) {
        log.hidden += 1;
        continue;
      }
      const listId = collection === 'lists' ? doc.id : (doc as Task).listId;
      log.receipts.push({ device, userId, via, collection, id: doc.id, listId, updatedAt: doc.updatedAt, sentAt, receivedAt });
    }
  };
  return (engine: SyncEngine) => {
    const pull = engine.transport.pull.bind(engine.transport);
    engine.transport.pull = async (payload) => {
      const sentAt = ledgerNow();
      const answer = await pull(payload);
      note(payload.collection ?? 'tasks', answer.documents, 'pull', sentAt);
      return answer;
    };
    engine.transport.changes$.subscribe((event) => note(event.collection, event.documents, 'changes', -Infinity));
  };
}
