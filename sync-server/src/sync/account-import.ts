import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import type { ExportDocument, ExportedTask } from '@tasklane/shared/export/export-document';
import type { ImportResult } from '@tasklane/shared/export/import-result';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { PushRow } from '@tasklane/shared/protocol/push';
import { mergeTask, sameTaskContent } from '@tasklane/shared/sync/merge-task';
import { ACCOUNT_TRANSFER_LIMITS } from './account-transfer-limits';
import type { SyncService } from './sync-service';
import { canonicalTaskState } from './canonical-task';

export type AccountImport = {
  /** Writes a parsed export into the user's account ([EX5]); the document is validated before it gets here. */
  importDocument(userId: string, document: ExportDocument): Promise<ImportResult>;
};

/** As REST edits ([T1]): a task that keeps changing under the import gets this many merges before the import gives up. */
const MAX_MERGE_ROUNDS = 5;

/** The imported task as the server would store it ([D4], [D5], [D7]), so "unchanged" means what the store means by it. */
function canonical(task: Task): Task {
  const { seq: _ignored, ...content } = task;
  return canonicalTaskState(content);
}

/**
 * [EX11] No imported timestamp lies after `ceiling` (the file's `exportedAt`, or now if that is earlier): a file
 * cannot hold an edit made after it was written, and a far-future `updatedAt` would win every later merge ([M6]).
 * `dueAt` is a plan, not an event, and is left alone.
 */
function notAfter(task: ExportedTask, ceiling: number): ExportedTask {
  const clamp = (at: string) => (Date.parse(at) > ceiling ? new Date(ceiling).toISOString() : at);
  return {
    ...task,
    createdAt: clamp(task.createdAt),
    updatedAt: clamp(task.updatedAt),
    completedAt: task.completedAt === null ? null : clamp(task.completedAt),
  };
}

/** [EX11] The moment after which nothing in `document` may have happened; refuses a file exported in the future. */
function ceilingOf(document: ExportDocument, now: number): number {
  const exportedAt = Date.parse(document.exportedAt);
  if (exportedAt > now + ACCOUNT_TRANSFER_LIMITS.exportedAtSkewMs) {
    throw new ProtocolError(
      'INVALID_MESSAGE',
      `exportedAt: ${document.exportedAt} is later than this server's clock (${new Date(now).toISOString()}); a file cannot have been exported in the future`,
    );
  }
  return Math.min(exportedAt, now);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * [EX5] [EX6] Import is what a device does with documents the server may already hold: it pushes them as
 * inserts ([W1]); an id the account already holds comes back as a conflict, is merged with the stored document
 * by the client's own rule without a base ([M6]: each differing field goes to the later `updatedAt`, the server
 * winning a tie) and pushed again on top of it ([W2]). A stored tombstone is left deleted ([EX11]): a backup
 * never brings back what was deleted since. Every write is a push through the sync service, so it is validated,
 * counted in the metrics and broadcast as `changes`. Idempotent: once imported, merging the same file again
 * yields the stored documents, so nothing is written.
 */
export function createAccountImport({ sync, now = Date.now }: { sync: SyncService; now?: () => number }): AccountImport {
  async function importBatch(userId: string, tasks: Task[]): Promise<ImportResult> {
    const result: ImportResult = { created: 0, updated: 0, unchanged: 0 };
    const imported = new Map(tasks.map((task) => [task.id, task]));
    const inserted = await sync.push(userId, { rows: tasks.map((task) => ({ newDocumentState: task })) });
    result.created += inserted.written.length;
    let held: StoredTask[] = inserted.conflicts;
    for (let round = 0; held.length > 0; round += 1) {
      if (round === MAX_MERGE_ROUNDS) {
        throw new ProtocolError('CONFLICT', `${held.length} imported tasks kept changing while they were being merged; import again`);
      }
      const rows: PushRow[] = [];
      for (const master of held) {
        if (master._deleted) {
          result.unchanged += 1;
          continue;
        }
        const { merged } = mergeTask({ local: imported.get(master.id)!, master, base: undefined });
        if (sameTaskContent(canonical(merged), master)) result.unchanged += 1;
        else rows.push({ newDocumentState: merged, assumedMasterState: master });
      }
      if (rows.length === 0) break;
      const outcome = await sync.push(userId, { rows });
      result.updated += outcome.written.length;
      // Rows neither written nor conflicting already held the merged content ([W5], [D7]).
      result.unchanged += rows.length - outcome.written.length - outcome.conflicts.length;
      held = outcome.conflicts;
    }
    return result;
  }

  return {
    async importDocument(userId, document) {
      const total: ImportResult = { created: 0, updated: 0, unchanged: 0 };
      const ceiling = ceilingOf(document, now());
      const tasks = document.tasks.map((task) => canonical(notAfter(task, ceiling)));
      for (const batch of chunks(tasks, PROTOCOL_LIMITS.pushMaxRows)) {
        const counts = await importBatch(userId, batch);
        total.created += counts.created;
        total.updated += counts.updated;
        total.unchanged += counts.unchanged;
      }
      return total;
    },
  };
}
