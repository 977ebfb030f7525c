import type { StoredTask } from '@tasklane/shared/domain/task';
import type { ExportedTask } from '@tasklane/shared/export/export-document';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import type { Store } from '../store/store';

const isLive = (task: StoredTask): task is StoredTask & ExportedTask => !task._deleted;

/**
 * [EX1] Every live task of the user, each exactly once, read page by page through the pull API (oldest change
 * first), so memory holds one page and the ids already given, never the account. The export is not a snapshot:
 * a task written while it runs moves to a higher `seq` and is met again; the first state met is kept (one state
 * it really had), so nothing is given twice and nothing that lived throughout is missed.
 */
export async function* liveTasksOf(
  store: Store,
  userId: string,
  pageSize: number = PROTOCOL_LIMITS.pullMaxLimit,
): AsyncGenerator<StoredTask & ExportedTask> {
  const given = new Set<string>();
  let afterSeq = 0;
  for (;;) {
    const page = await store.pullChanges(userId, afterSeq, pageSize);
    const last = page[page.length - 1];
    if (!last) return;
    afterSeq = last.seq;
    for (const task of page) {
      if (!isLive(task) || given.has(task.id)) continue;
      given.add(task.id);
      yield task;
    }
  }
}
