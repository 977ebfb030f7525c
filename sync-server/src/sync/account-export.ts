import type { StoredTask } from '@tasklane/shared/domain/task';
import type { ExportedTask } from '@tasklane/shared/export/export-document';
import type { ServerCheckpoint } from '@tasklane/shared/protocol/checkpoint';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import type { SyncService } from './sync-service';

const isLive = (task: StoredTask): task is StoredTask & ExportedTask => !task._deleted;

/**
 * [EX1] Every live task of the user, each exactly once, read page by page through the sync service's pull
 * ([P1]–[P5], [G3]), oldest change first: a page holds at most `pageSize` documents and 1 MiB of JSON, and a
 * store reset or restored under the export ends it with `CHECKPOINT_UNKNOWN`. Memory holds one page and the ids
 * already given, never the account. After a page cut short by its bytes the next asks for no more documents than
 * that page kept, so large documents are not read twice over. The export is not a snapshot: a task written while
 * it runs moves to a higher `seq` and is met again; the first state met is kept (one state it really had), so
 * nothing is given twice and nothing that lived throughout is missed.
 */
export async function* liveTasksOf(
  sync: Pick<SyncService, 'pull'>,
  userId: string,
  pageSize: number = PROTOCOL_LIMITS.pullMaxLimit,
): AsyncGenerator<StoredTask & ExportedTask> {
  const given = new Set<string>();
  let checkpoint: ServerCheckpoint | null = null;
  let limit = pageSize;
  for (;;) {
    const page = await sync.pull(userId, { checkpoint, limit });
    if (page.documents.length === 0) return;
    checkpoint = page.checkpoint;
    limit = page.documents.length < limit ? page.documents.length : Math.min(pageSize, limit * 2);
    for (const task of page.documents) {
      if (!isLive(task) || given.has(task.id)) continue;
      given.add(task.id);
      yield task;
    }
  }
}
