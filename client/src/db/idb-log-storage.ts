import type { Observable } from 'rxjs';
import {
  categorizeBulkWriteRows,
  ensureRxStorageInstanceParamsAreCorrect,
  getPrimaryFieldOfPrimaryKey,
  randomToken,
  RXDB_VERSION,
  type BulkWriteRow,
  type EventBulk,
  type PreparedQuery,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorage,
  type RxStorageBulkWriteResponse,
  type RxStorageChangeEvent,
  type RxStorageCountResult,
  type RxStorageDefaultCheckpoint,
  type RxStorageInstance,
  type RxStorageInstanceCreationParams,
  type RxStorageQueryResult,
} from 'rxdb/plugins/core';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { deleteDexieCollection, dexieDatabaseName, readDexieCollection } from './dexie-import';
import {
  appendBlocks,
  openLogDatabase,
  readBlocks,
  removeBlocks,
  replaceBlocks,
  type IdbLogDeps,
  type LogBlock,
  type NextBlock,
} from './idb-log';

/**
 * RxDB storage for the PWA: every collection lives in memory (RxDB's own memory storage answers
 * queries and emits the change events), and every `bulkWrite` is committed to IndexedDB as ONE
 * record before it resolves — durable before the UI shows it, as with Dexie, but one IndexedDB
 * request per write instead of a get and a put (with five index entries) per document, which made
 * a first sync of 10,000 tasks take 10–15 s in Chromium (docs/benchmarks.md, issue 12).
 *
 * Several tabs (and several instances in one page) share the log: a write first reads what the
 * others appended and checks conflicts against that, inside the same IndexedDB transaction, and a
 * BroadcastChannel tells the others to catch up, which turns the other tabs' writes into change
 * events here ([BW2] in docs/client.md).
 */
export const IDB_LOG_STORAGE_NAME = 'idb-log';

/** Documents per block when a collection is loaded, compacted or imported. */
const BLOCK_DOCS = 1000;
/** Blocks per read while loading … */
const LOAD_BLOCKS = 200;
/** … parsed in pieces of about this much JSON, not in one long task. */
const LOAD_PARSE_CHARS = 4_000_000;
/** Compact once the log holds this many more document versions than twice the live documents … */
const COMPACT_SLACK = 10_000;
/** … or this many blocks (small writes, such as checkpoints, add a block each). */
const COMPACT_BLOCKS = 1000;

type Deps = IdbLogDeps;
type Internals = { logName: string; collectionKey: string };
type Doc<T> = RxDocumentData<T>;
type Block<T> = { ctx: string; docs: Doc<T>[] };
type Notice = { c: string; seq: number };

/** One IndexedDB connection per log database per page, shared by its collections. */
const connections = new Map<string, { db: Promise<IDBDatabase>; users: number }>();

function connect(deps: Deps, name: string): Promise<IDBDatabase> {
  let entry = connections.get(name);
  if (!entry) {
    entry = { db: openLogDatabase(deps, name), users: 0 };
    entry.db.catch(() => connections.delete(name));
    connections.set(name, entry);
  }
  entry.users += 1;
  return entry.db;
}

function disconnect(name: string): void {
  const entry = connections.get(name);
  if (!entry || --entry.users > 0) return;
  connections.delete(name);
  void entry.db.then((db) => db.close()).catch(() => undefined);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The blocks of a write: `BLOCK_DOCS` documents each, serialised one at a time as they are appended. */
function blocksOf<T>(docs: Doc<T>[], ctx: string): NextBlock {
  let start = 0;
  return () => {
    if (start >= docs.length) return undefined;
    const block: Block<T> = { ctx, docs: docs.slice(start, start + BLOCK_DOCS) };
    start += BLOCK_DOCS;
    return JSON.stringify(block);
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

class IdbLogStorageInstance<RxDocType> implements RxStorageInstance<
  RxDocType,
  Internals,
  Record<string, never>,
  RxStorageDefaultCheckpoint
> {
  readonly primaryPath: string;
  /** The committed state: the log replayed up to `lastSeq`, plus this instance's own writes. */
  private readonly docs = new Map<string, Doc<RxDocType>>();
  private lastSeq = 0;
  /** Document versions and blocks in the log (a compaction heuristic; other tabs' compactions are not counted). */
  private versions = 0;
  private blocks = 0;
  /** Writes, catch-ups and compactions of this instance run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private catchUpQueued = false;
  private compactQueued = false;
  private closed: Promise<void> | null = null;

  constructor(
    private readonly deps: Deps,
    private readonly db: IDBDatabase,
    readonly databaseName: string,
    readonly collectionName: string,
    readonly schema: Readonly<RxJsonSchema<Doc<RxDocType>>>,
    readonly internals: Readonly<Internals>,
    readonly options: Readonly<Record<string, never>>,
    private readonly memory: RxStorageInstance<RxDocType, unknown, unknown, RxStorageDefaultCheckpoint>,
    private readonly channel: BroadcastChannel | null,
  ) {
    this.primaryPath = getPrimaryFieldOfPrimaryKey(schema.primaryKey);
    if (channel) {
      channel.onmessage = (event: MessageEvent<Notice>) => {
        if (event.data?.c === this.internals.collectionKey && event.data.seq > this.lastSeq) this.catchUpSoon();
      };
    }
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Loads the log (taking over an old Dexie collection first, once). Runs before anything else of this instance. */
  load(): Promise<void> {
    return this.enqueue(async () => {
      const key = this.internals.collectionKey;
      let blocks = await readBlocks(this.deps, this.db, key, this.lastSeq, LOAD_BLOCKS);
      const imported = blocks.length === 0 ? await this.importFromDexie() : null;
      if (imported) blocks = await readBlocks(this.deps, this.db, key, this.lastSeq, LOAD_BLOCKS);
      const found = new Map<string, Doc<RxDocType>>();
      let parsed = 0;
      for (;;) {
        for (const block of blocks) {
          const { docs } = JSON.parse(block.json) as Block<RxDocType>;
          for (const doc of docs) found.set(doc[this.primaryPath as keyof Doc<RxDocType>] as string, doc);
          this.counted(docs.length);
          this.lastSeq = block.seq;
          parsed += block.json.length;
          if (parsed > LOAD_PARSE_CHARS) {
            parsed = 0;
            await yieldToEventLoop();
          }
        }
        if (blocks.length < LOAD_BLOCKS) break;
        blocks = await readBlocks(this.deps, this.db, key, this.lastSeq, LOAD_BLOCKS);
      }
      for (const part of chunks([...found.values()], 5 * BLOCK_DOCS)) {
        for (const doc of part) this.docs.set(doc[this.primaryPath as keyof Doc<RxDocType>] as string, doc);
        await this.memory.bulkWrite(
          part.map((document) => ({ document })),
          'idb-log-load',
        );
        await yieldToEventLoop();
      }
      if (imported) await deleteDexieCollection(this.deps, imported);
      if (this.needsCompaction()) this.compactSoon();
    });
  }

  /** Copies the collection from the Dexie storage of earlier versions into the (empty) log. Returns the old database's name. */
  private async importFromDexie(): Promise<string | null> {
    const key = this.internals.collectionKey;
    const name = dexieDatabaseName(this.databaseName, this.collectionName, this.schema.version);
    const docs = await readDexieCollection<RxDocType>(this.deps, name, this.schema);
    if (!docs) return null;
    // Only into an empty log, checked in the same transaction: a second tab importing too would
    // otherwise append the old versions after the first tab's newer writes.
    await appendBlocks(this.deps, this.db, key, 0, (existing) => (existing.length > 0 ? null : blocksOf(docs, 'idb-log-import')));
    return name;
  }

  /** Applies blocks another connection appended (in order), as change events with their original context. */
  private applyForeign(blocks: LogBlock[]): void {
    for (const block of blocks) {
      if (block.seq <= this.lastSeq) continue;
      const { ctx, docs } = JSON.parse(block.json) as Block<RxDocType>;
      const rows: BulkWriteRow<RxDocType>[] = [];
      this.counted(docs.length);
      for (const document of docs) {
        const id = document[this.primaryPath as keyof Doc<RxDocType>] as string;
        const previous = this.docs.get(id);
        // A compaction's snapshot repeats what this instance already holds.
        if (previous && previous._rev === document._rev && previous._meta.lwt === document._meta.lwt) continue;
        rows.push(previous ? { previous, document } : { document });
        this.docs.set(id, document);
      }
      this.lastSeq = block.seq;
      // The memory storage applies this synchronously; `previous` is its current state, so nothing conflicts.
      if (rows.length > 0) void this.memory.bulkWrite(rows, ctx);
    }
  }

  private catchUpSoon(): void {
    if (this.catchUpQueued || this.closed) return;
    this.catchUpQueued = true;
    void this.enqueue(async () => {
      this.catchUpQueued = false;
      if (this.closed) return;
      this.applyForeign(await readBlocks(this.deps, this.db, this.internals.collectionKey, this.lastSeq));
    }).catch(() => undefined);
  }

  bulkWrite(documentWrites: BulkWriteRow<RxDocType>[], context: string): Promise<RxStorageBulkWriteResponse<RxDocType>> {
    return this.enqueue(async () => {
      if (this.closed) throw new Error(`idb-log storage of ${this.collectionName} is closed`);
      let response: RxStorageBulkWriteResponse<RxDocType> = { error: [] };
      let written: BulkWriteRow<RxDocType>[] = [];
      const seq = await appendBlocks(this.deps, this.db, this.internals.collectionKey, this.lastSeq, (foreign) => {
        this.applyForeign(foreign);
        const categorized = categorizeBulkWriteRows<RxDocType>(this, this.primaryPath as never, this.docs, documentWrites, context);
        response = { error: categorized.errors };
        written = [...categorized.bulkInsertDocs, ...categorized.bulkUpdateDocs];
        return written.length === 0
          ? null
          : blocksOf(
              written.map((row) => row.document),
              context,
            );
      });
      if (seq === null) return response;
      this.lastSeq = seq;
      this.counted(written.length);
      for (const row of written) this.docs.set(row.document[this.primaryPath as keyof Doc<RxDocType>] as string, row.document);
      // Same rows, same state as the check above: the memory storage accepts them all and emits the events.
      await this.memory.bulkWrite(written, context);
      this.channel?.postMessage({ c: this.internals.collectionKey, seq } satisfies Notice);
      if (this.needsCompaction()) this.compactSoon();
      return response;
    });
  }

  private counted(docs: number): void {
    this.versions += docs;
    this.blocks += 1;
  }

  private needsCompaction(): boolean {
    const size = this.docs.size;
    return this.versions > 2 * size + COMPACT_SLACK || this.blocks > Math.max(COMPACT_BLOCKS, 2 * Math.ceil(size / BLOCK_DOCS));
  }

  private compactSoon(): void {
    if (this.compactQueued) return;
    this.compactQueued = true;
    // Runs before a close requested meanwhile: the queue keeps the order.
    void this.enqueue(async () => {
      this.compactQueued = false;
      let snapshot: NextBlock = () => undefined;
      const seq = await replaceBlocks(
        this.deps,
        this.db,
        this.internals.collectionKey,
        this.lastSeq,
        (foreign) => {
          this.applyForeign(foreign);
          snapshot = blocksOf([...this.docs.values()], 'idb-log-compaction');
        },
        () => snapshot(),
      );
      if (seq !== null) this.lastSeq = seq;
      this.versions = this.docs.size;
      this.blocks = Math.ceil(this.docs.size / BLOCK_DOCS);
    }).catch(() => undefined);
  }

  findDocumentsById(ids: string[], withDeleted: boolean): Promise<Doc<RxDocType>[]> {
    const found: Doc<RxDocType>[] = [];
    for (const id of ids) {
      const doc = this.docs.get(id);
      if (doc && (withDeleted || !doc._deleted)) found.push(doc);
    }
    return Promise.resolve(found);
  }

  query(preparedQuery: PreparedQuery<RxDocType>): Promise<RxStorageQueryResult<RxDocType>> {
    return this.memory.query(preparedQuery);
  }

  count(preparedQuery: PreparedQuery<RxDocType>): Promise<RxStorageCountResult> {
    return this.memory.count(preparedQuery);
  }

  getAttachmentData(): Promise<Blob> {
    return Promise.reject(new Error('the idb-log storage keeps no attachments'));
  }

  changeStream(): Observable<EventBulk<RxStorageChangeEvent<RxDocType>, RxStorageDefaultCheckpoint>> {
    return this.memory.changeStream();
  }

  /** Deleted documents stay as tombstones (as with the Dexie storage before: the app runs no RxDB cleanup). */
  cleanup(): Promise<boolean> {
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    this.closed ??= this.enqueue(async () => {
      this.channel?.close();
      // Drops the documents from memory; the memory storage would otherwise keep them after close.
      await this.memory.remove();
      disconnect(this.internals.logName);
    });
    return this.closed;
  }

  async remove(): Promise<void> {
    await this.enqueue(() => removeBlocks(this.deps, this.db, this.internals.collectionKey));
    await this.close();
  }
}

export type IdbLogStorageSettings = Partial<Deps>;

/** The name of the IndexedDB database holding the log of an RxDB database. */
export function idbLogDatabaseName(databaseName: string): string {
  return `tasklane-log-${databaseName}`;
}

export function getRxStorageIdbLog(settings: IdbLogStorageSettings = {}): RxStorage<Internals, Record<string, never>> {
  const memoryStorage = getRxStorageMemory();
  return {
    name: IDB_LOG_STORAGE_NAME,
    rxdbVersion: RXDB_VERSION,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, Record<string, never>>) {
      ensureRxStorageInstanceParamsAreCorrect(params);
      if (params.schema.attachments) throw new Error('the idb-log storage keeps no attachments');
      const deps: Deps = {
        indexedDB: settings.indexedDB ?? globalThis.indexedDB,
        IDBKeyRange: settings.IDBKeyRange ?? globalThis.IDBKeyRange,
      };
      if (!deps.indexedDB || !deps.IDBKeyRange) throw new Error('indexedDB is not available in this browser');
      const logName = idbLogDatabaseName(params.databaseName);
      const db = await connect(deps, logName);
      let instance: IdbLogStorageInstance<RxDocType>;
      try {
        // Each instance replays the log into its own memory state: a unique name keeps the memory storage from sharing it.
        const memory = await memoryStorage.createStorageInstance<RxDocType>({
          ...params,
          databaseName: `${params.databaseName}--${randomToken(10)}`,
          multiInstance: false,
        });
        const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`${logName}:changes`) : null;
        const internals = { logName, collectionKey: `${params.collectionName}--${params.schema.version}` };
        instance = new IdbLogStorageInstance<RxDocType>(
          deps,
          db,
          params.databaseName,
          params.collectionName,
          params.schema,
          internals,
          params.options,
          memory as RxStorageInstance<RxDocType, unknown, unknown, RxStorageDefaultCheckpoint>,
          channel,
        );
      } catch (error) {
        disconnect(logName);
        throw error;
      }
      try {
        await instance.load();
      } catch (error) {
        await instance.close().catch(() => undefined);
        throw error;
      }
      return instance;
    },
  };
}
