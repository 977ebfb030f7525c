import { describeUnsafeText, unsafeTextsOf } from '@tasklane/shared/domain/document-text';
import type { Task } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';
import type { ExportDocument } from '@tasklane/shared/export/export-document';
import type { ImportResult } from '@tasklane/shared/export/import-result';
import type { ServerCheckpoint } from '@tasklane/shared/protocol/checkpoint';
import type { RefusedRow } from '@tasklane/shared/protocol/push';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { mergeList, sameListContent } from '@tasklane/shared/sync/merge-list';
import { mergeTask, sameTaskContent } from '@tasklane/shared/sync/merge-task';
import { ACCOUNT_TRANSFER_LIMITS } from './account-transfer-limits';
import { canonicalListState } from './canonical-list';
import { canonicalTaskState } from './canonical-task';
import { LIST_LIMITS } from './list-limits';
import { newUnsafeTexts } from './unsafe-rows';
import type { SyncService } from './sync-service';

export type AccountImport = {
  /** Writes a parsed export (version 2, a version-1 file upgraded) into the user's account ([EX5], [LR13]). */
  importDocument(userId: string, document: ExportDocument): Promise<ImportResult>;
};

/** As REST edits ([T1]): a document that keeps changing under the import gets this many merges before the import gives up. */
const MAX_MERGE_ROUNDS = 5;

type Stored<D> = D & { seq: number };
type Row<D> = { newDocumentState: D; assumedMasterState?: Stored<D> };

type PullOf<D> = (checkpoint: ServerCheckpoint | null) => Promise<{ documents: D[]; checkpoint: ServerCheckpoint | null }>;
type Push<D> = (rows: Row<D>[]) => Promise<{ written: Stored<D>[]; conflicts: Stored<D>[]; refused?: RefusedRow[] }>;

/** How one collection is merged and compared, as a device does it. */
type Collection<D extends { id: string; _deleted: boolean }> = {
  name: string;
  /** One document of it, as messages name it. */
  kind: string;
  merge: (imported: D, master: Stored<D>) => D;
  /** The imported document as the server would store it, so "unchanged" means what the store means by it. */
  canonical: (document: D) => D;
  same: (a: D, b: D) => boolean;
};

const withoutSeq = <D extends { seq?: number }>({ seq: _ignored, ...content }: D): Omit<D, 'seq'> => content;

const TASKS: Collection<Task> = {
  name: 'tasks',
  kind: 'task',
  merge: (imported, master) => mergeTask({ local: imported, master, base: undefined }).merged,
  canonical: (task) => canonicalTaskState(withoutSeq(task)),
  same: sameTaskContent,
};

const LISTS: Collection<TaskList> = {
  name: 'lists',
  kind: 'list',
  merge: (imported, master) => mergeList({ local: imported, master, base: undefined }),
  canonical: (list) => canonicalListState(withoutSeq(list)),
  same: sameListContent,
};

/**
 * [EX11] No imported timestamp lies after `ceiling` (the file's `exportedAt`, or now if that is earlier): a file
 * cannot hold an edit made after it was written, and a far-future `updatedAt` would win every later merge ([M6]).
 * `due` is a plan, not an event, and is left alone; so are the clocks inside recurrence and checklist, which the
 * merges compare among themselves only.
 */
function notAfter<D extends { createdAt: string; updatedAt: string; completedAt?: string | null }>(document: D, ceiling: number): D {
  const clamp = (at: string) => (Date.parse(at) > ceiling ? new Date(ceiling).toISOString() : at);
  const clamped = { ...document, createdAt: clamp(document.createdAt), updatedAt: clamp(document.updatedAt) };
  if (document.completedAt !== undefined) clamped.completedAt = document.completedAt === null ? null : clamp(document.completedAt);
  return clamped;
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

/**
 * [UC8] A row refused while the import writes — the checks passed, then a concurrent write changed what they read (another
 * device took the last list, or removed the older text a document was allowed to keep) — stops the import with that
 * row's code, saying how much of it was written already ([EX7]: sending the file again is harmless).
 */
function refusedDuringImport(kind: string, refused: RefusedRow, total: ImportResult): ProtocolError {
  const written = total.created + total.updated;
  const sofar =
    written === 0
      ? 'nothing was imported'
      : `the import stopped there, after writing ${written} document${written === 1 ? '' : 's'} (${total.created} created, ${total.updated} updated); sending the file again writes nothing twice`;
  return new ProtocolError(refused.code, `${kind} "${refused.id}": ${refused.message}; ${sofar}`);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * [EX5] [EX6] [LR13] Import is what a device does with documents the server may already hold: it pushes them as
 * inserts ([W1]); an id the account already holds comes back as a conflict, is merged with the stored document
 * by the client's own rule without a base ([M6] for tasks, [DM21] for lists: each differing field goes to the later
 * `updatedAt`, the server winning a tie) and pushed again on top of it ([W2]). A stored tombstone is left deleted
 * ([EX11]): a backup never brings back what was deleted since. Lists go first, so a task's list exists before it.
 * Every write is a push through the sync service, so it is validated, counted in the metrics and broadcast as
 * `changes`. Idempotent: once imported, merging the same file again yields the stored documents, so nothing is written.
 */
export function createAccountImport({ sync, now = Date.now }: { sync: SyncService; now?: () => number }): AccountImport {
  /** Counts into `result` (the whole request's), so that a refusal can say what was written before it ([UC8]). */
  async function importBatch<D extends { id: string; _deleted: boolean }>(
    collection: Collection<D>,
    push: Push<D>,
    documents: D[],
    result: ImportResult,
  ): Promise<void> {
    const imported = new Map(documents.map((document) => [document.id, document]));
    const inserted = await push(documents.map((document) => ({ newDocumentState: document })));
    result.created += inserted.written.length;
    const [refusedInsert] = inserted.refused ?? [];
    if (refusedInsert) throw refusedDuringImport(collection.kind, refusedInsert, result);
    let held = inserted.conflicts;
    for (let round = 0; held.length > 0; round += 1) {
      if (round === MAX_MERGE_ROUNDS) {
        throw new ProtocolError(
          'CONFLICT',
          `${held.length} imported ${collection.name} kept changing while they were being merged; import again`,
        );
      }
      const rows: Row<D>[] = [];
      for (const master of held) {
        if (master._deleted) {
          result.unchanged += 1;
          continue;
        }
        const merged = collection.merge(imported.get(master.id)!, master);
        if (collection.same(collection.canonical(merged), master)) result.unchanged += 1;
        else rows.push({ newDocumentState: merged, assumedMasterState: master });
      }
      if (rows.length === 0) break;
      const outcome = await push(rows);
      result.updated += outcome.written.length;
      const [refused] = outcome.refused ?? [];
      if (refused) throw refusedDuringImport(collection.kind, refused, result);
      // Rows neither written nor conflicting already held the merged content ([W5], [D7]).
      result.unchanged += rows.length - outcome.written.length - outcome.conflicts.length;
      held = outcome.conflicts;
    }
  }

  async function importAll<D extends { id: string; _deleted: boolean }>(
    collection: Collection<D>,
    push: Push<D>,
    documents: D[],
    total: ImportResult,
  ): Promise<void> {
    for (const batch of chunks(documents, PROTOCOL_LIMITS.pushMaxRows)) await importBatch(collection, push, batch, total);
  }

  /** Whether each list id the account has stored is deleted, read through list pulls as a device would ([DM22]). */
  async function storedListIds(userId: string): Promise<Map<string, boolean>> {
    const deleted = new Map<string, boolean>();
    let checkpoint: ServerCheckpoint | null = null;
    for (;;) {
      const page = await sync.pullLists(userId, { checkpoint, limit: PROTOCOL_LIMITS.pullMaxLimit });
      if (page.documents.length === 0) return deleted;
      for (const list of page.documents) deleted.set(list.id, list._deleted);
      checkpoint = page.checkpoint;
    }
  }

  /** [LR12] An import may not take the account past its cap of live lists; checked before anything is written. */
  async function checkListCap(userId: string, lists: readonly TaskList[]): Promise<void> {
    if (lists.length === 0) return;
    const stored = await storedListIds(userId);
    const live = [...stored].filter(([id, deleted]) => !deleted && id !== INBOX_LIST_ID).length;
    const added = lists.filter((list) => list.id !== INBOX_LIST_ID && !stored.has(list.id)).length;
    if (live + added > LIST_LIMITS.maxLiveLists) {
      throw new ProtocolError(
        'LIST_LIMIT',
        `this import would give the account ${live + added} lists, more than the ${LIST_LIMITS.maxLiveLists} it may have; nothing was imported`,
      );
    }
  }

  /**
   * [UC5] An import may not bring in unsafe text ([UC1]); checked before anything is written ([EX4]). Text the account
   * already holds in the same document and field (stored before the rule) is not new, so an older export imports again;
   * a document the account holds as a tombstone is never written ([EX11]), so its text is not checked ([UC9]).
   */
  async function checkUnsafeText(userId: string, document: ExportDocument): Promise<void> {
    const check = async <D extends Task | TaskList>(kind: string, docs: readonly D[], pull: PullOf<D>) => {
      const unsafe = docs.filter((doc) => !doc._deleted && unsafeTextsOf(doc).length > 0);
      // Rare, so only then are the account's documents read, through pulls as a device would.
      const stored = unsafe.length > 0 ? await storedDocuments(pull, new Set(unsafe.map((doc) => doc.id))) : new Map<string, D>();
      for (const doc of unsafe) {
        const held = stored.get(doc.id) ?? null;
        if (held?._deleted) continue;
        const [fresh] = newUnsafeTexts(doc, held);
        if (fresh) throw new ProtocolError('UNSAFE_TEXT', `${kind} "${doc.id}": ${describeUnsafeText(fresh)}; nothing was imported`);
      }
    };
    await check<TaskList>('list', document.lists, (checkpoint) =>
      sync.pullLists(userId, { checkpoint, limit: PROTOCOL_LIMITS.pullMaxLimit }),
    );
    await check<Task>('task', document.tasks, (checkpoint) => sync.pull(userId, { checkpoint, limit: PROTOCOL_LIMITS.pullMaxLimit }));
  }

  /** The account's current documents with these ids. */
  async function storedDocuments<D extends { id: string }>(pull: PullOf<D>, ids: ReadonlySet<string>): Promise<Map<string, D>> {
    const found = new Map<string, D>();
    let checkpoint: ServerCheckpoint | null = null;
    for (;;) {
      const page = await pull(checkpoint);
      if (page.documents.length === 0) return found;
      for (const doc of page.documents) if (ids.has(doc.id)) found.set(doc.id, doc);
      checkpoint = page.checkpoint;
    }
  }

  return {
    async importDocument(userId, document) {
      const total: ImportResult = { created: 0, updated: 0, unchanged: 0 };
      const ceiling = ceilingOf(document, now());
      await checkListCap(userId, document.lists);
      await checkUnsafeText(userId, document);
      const lists = document.lists.map((list) => LISTS.canonical(notAfter(list, ceiling)));
      await importAll(LISTS, (rows) => sync.pushLists(userId, { rows }), lists, total);
      // [AS7] The tasks land in the importer's own space, unshared: only the importer may be their assignee ([AS3]).
      const tasks = document.tasks.map((task) =>
        TASKS.canonical(notAfter(task.assignee === null || task.assignee === userId ? task : { ...task, assignee: null }, ceiling)),
      );
      await importAll(TASKS, (rows) => sync.push(userId, { rows }), tasks, total);
      return total;
    },
  };
}
