import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import type { ExportedList, ExportedTask } from '@tasklane/shared/export/export-document';
import type { ServerCheckpoint } from '@tasklane/shared/protocol/checkpoint';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import type { SyncService } from './sync-service';

type Pull<D> = (request: {
  checkpoint: ServerCheckpoint | null;
  limit: number;
}) => Promise<{ documents: D[]; checkpoint: ServerCheckpoint | null }>;

/**
 * [EX1] Every live document of one collection, each exactly once, read page by page through a pull of the sync
 * service ([P1]–[P5], [G3]), oldest change first: a page holds at most `pageSize` documents and 1 MiB of JSON, and a
 * store reset or restored under the export ends it with `CHECKPOINT_UNKNOWN`. Memory holds one page and the ids
 * already given, never the account. After a page cut short by its bytes the next asks for no more documents than
 * that page kept, so large documents are not read twice over. The export is not a snapshot: a document written while
 * it runs moves to a higher `seq` and is met again; the first state met is kept (one state it really had), so
 * nothing is given twice and nothing that lived throughout is missed.
 */
async function* liveDocumentsOf<D extends { id: string; _deleted: boolean }>(
  pull: Pull<D>,
  pageSize: number,
): AsyncGenerator<D & { _deleted: false }> {
  const given = new Set<string>();
  let checkpoint: ServerCheckpoint | null = null;
  let limit = pageSize;
  for (;;) {
    const page = await pull({ checkpoint, limit });
    if (page.documents.length === 0) return;
    checkpoint = page.checkpoint;
    limit = page.documents.length < limit ? page.documents.length : Math.min(pageSize, limit * 2);
    for (const document of page.documents) {
      if (document._deleted || given.has(document.id)) continue;
      given.add(document.id);
      yield document as D & { _deleted: false };
    }
  }
}

/** [EX1] Every live task of the user, as `liveDocumentsOf` reads them. */
export function liveTasksOf(
  sync: Pick<SyncService, 'pull'>,
  userId: string,
  pageSize: number = PROTOCOL_LIMITS.pullMaxLimit,
): AsyncGenerator<StoredTask & ExportedTask> {
  return liveDocumentsOf((request) => sync.pull(userId, request), pageSize);
}

/**
 * [LR13] Every live list the user has stored, the same way. An Inbox that no device has stored yet is not among them:
 * it is the default every device and import starts from.
 */
export function liveListsOf(
  sync: Pick<SyncService, 'pullLists'>,
  userId: string,
  pageSize: number = PROTOCOL_LIMITS.pullMaxLimit,
): AsyncGenerator<StoredTaskList & ExportedList> {
  return liveDocumentsOf((request) => sync.pullLists(userId, request), pageSize);
}
