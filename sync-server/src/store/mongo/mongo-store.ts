import { MongoClient, type ClientSession, type CommandStartedEvent } from 'mongodb';
import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import type { ListPushRow, PushRow } from '@tasklane/shared/protocol/push';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { decideListPushRow, decidePushRow, listContent, taskContent, type PushDecision } from '../push-decision';
import { ensureMongoIndexes } from './indexes';
import {
  fromTaskDocument,
  LIST_PROJECTION,
  mongoCollections,
  TASK_PROJECTION,
  USER_PROJECTION,
  type ListContent,
  type TaskContent,
} from './collections';
import { ensureMongoDueKeys } from './due-key-fill';
import { isDuplicateKeyError, unavailableWhenDown } from './errors';
import { mongoClientOptions, type MongoConnectionConfig } from './mongo-client-options';
import { listMongoLists, listMongoTasks } from './mongo-listing';
import { checkMongoServer } from './mongo-start-up';
import { backoffMs, createMongoSequencer, type PlannedWrite } from './sequencer';
import { ensureMongoGeneration } from './store-generation';
import type { RefreshTokenRecord, Store } from '../store';
import type { StoreFaults } from '../store-faults';

export type MongoStoreConfig = MongoConnectionConfig;

/** Test-only knobs, never reachable from configuration. */
export type MongoStoreHooks = {
  /** [SF1]–[SF4] fault injection. */
  faults?: StoreFaults;
  /** [MG4] Claim lease; tests shorten it. */
  claimLeaseMs?: number;
  /** [MG3] Sees every command the driver sends. */
  onCommandStarted?: (event: CommandStartedEvent) => void;
};

/** [MG4] A claim normally settles within a few round trips; a helper waits this long before finishing it. */
const CLAIM_LEASE_MS = 2000;
/** How long a push waits for other claims of its user before UNAVAILABLE. */
const CLAIM_WAIT_LIMIT_MS = 10_000;

/** A push re-reads and re-decides rows whose claimed write lost a race; this bounds the rounds. */
const MAX_PUSH_ROUNDS = 20;

export function databaseNameFromUrl(url: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(url);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

/**
 * MongoDB as the source of truth. Reads and writes go to the primary; writes
 * are acknowledged by a majority and journaled; pulls read at majority so a
 * client never sees a write that a fail-over could roll back. Single-document
 * atomic operations and unique indexes only, no multi-document transactions.
 */
export async function createMongoStore(config: MongoStoreConfig, hooks: MongoStoreHooks = {}): Promise<Store> {
  const client = new MongoClient(config.url, {
    ...mongoClientOptions(config),
    ...(hooks.onCommandStarted ? { monitorCommands: true } : {}),
  });
  if (hooks.onCommandStarted) client.on('commandStarted', hooks.onCommandStarted);
  try {
    await client.connect();
    const db = client.db(config.databaseName ?? databaseNameFromUrl(config.url) ?? 'tasklane');
    await checkMongoServer(db);
    await ensureMongoIndexes(db);
    await ensureMongoDueKeys(db);
    const generation = await ensureMongoGeneration(db);
    return buildStore(client, db, generation, config, hooks);
  } catch (error) {
    await client.close();
    throw error;
  }
}

function buildStore(
  client: MongoClient,
  db: ReturnType<MongoClient['db']>,
  generation: string,
  config: MongoStoreConfig,
  hooks: MongoStoreHooks,
): Store {
  const collections = mongoCollections(db);
  const { tasks, lists, users, refreshTokens } = collections;
  const { faults } = hooks;
  const timed = { maxTimeMS: config.operationTimeoutMs };
  const sequencer = createMongoSequencer(collections, {
    leaseMs: hooks.claimLeaseMs ?? CLAIM_LEASE_MS,
    waitLimitMs: CLAIM_WAIT_LIMIT_MS,
    maxTimeMS: config.operationTimeoutMs,
    faults,
  });

  /** How one collection's documents are read and decided by a push. */
  type PushTarget<Row extends { newDocumentState: { id: string } }, Stored extends { id: string; seq: number }> = {
    collection: ReplicatedCollection;
    current(userId: string, ids: string[]): Promise<Stored[]>;
    decide(current: Stored | null, row: Row): PushDecision;
    content(row: Row): TaskContent | ListContent;
  };

  const taskTarget: PushTarget<PushRow, StoredTask> = {
    collection: 'tasks',
    current: async (userId, ids) =>
      (await tasks.find({ userId, id: { $in: ids } }, { projection: TASK_PROJECTION, ...timed }).toArray()).map(fromTaskDocument),
    decide: decidePushRow,
    content: (row) => taskContent(row.newDocumentState),
  };
  const listTarget: PushTarget<ListPushRow, StoredTaskList> = {
    collection: 'lists',
    current: (userId, ids) => lists.find({ userId, id: { $in: ids } }, { projection: LIST_PROJECTION, ...timed }).toArray(),
    decide: decideListPushRow,
    content: (row) => listContent(row.newDocumentState),
  };

  async function applyPush<Row extends { newDocumentState: { id: string } }, Stored extends { id: string; seq: number }>(
    userId: string,
    rows: Row[],
    target: PushTarget<Row, Stored>,
  ): Promise<{ written: Stored[]; conflicts: Stored[] }> {
    const outcome: { written: Stored[]; conflicts: Stored[] } = { written: [], conflicts: [] };
    let undecided = rows;
    for (let round = 0; undecided.length > 0; round += 1) {
      if (round === MAX_PUSH_ROUNDS)
        throw new ProtocolError('UNAVAILABLE', 'a push kept losing races on the same documents; retry shortly', { retryAfterMs: 250 });
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs(round)));
      const found = await target.current(
        userId,
        undecided.map((row) => row.newDocumentState.id),
      );
      const current = new Map(found.map((document) => [document.id, document]));
      const toWrite: Row[] = [];
      const planned: PlannedWrite[] = [];
      for (const row of undecided) {
        const server = current.get(row.newDocumentState.id) ?? null;
        const decision = target.decide(server, row);
        if (decision.kind === 'write') {
          toWrite.push(row);
          planned.push({ id: row.newDocumentState.id, expectedSeq: server?.seq ?? null, content: target.content(row) });
        } else if (server && (decision.kind === 'conflict' || decision.reportAsConflict)) {
          outcome.conflicts.push(server);
        }
      }
      const results = await sequencer.commit(userId, target.collection, planned);
      undecided = [];
      results.forEach((result, index) => {
        const row = toWrite[index]!;
        if (result.applied) outcome.written.push({ ...target.content(row), seq: result.seq } as unknown as Stored);
        else undecided.push(row);
      });
    }
    outcome.written.sort((a, b) => a.seq - b.seq);
    await faults?.reached('before-ack', { userId, applied: outcome.written.length, of: rows.length });
    return outcome;
  }

  /**
   * One point-in-time snapshot of majority-committed data: a query that yields mid-scan could otherwise
   * miss seq N yet see N+1 written just after it.
   */
  async function inSnapshot<T>(read: (session: ClientSession) => Promise<T>): Promise<T> {
    const session = client.startSession({ snapshot: true });
    try {
      return await read(session);
    } finally {
      await session.endSession();
    }
  }

  return {
    pullChanges: (userId, afterSeq, limit) =>
      unavailableWhenDown(() =>
        inSnapshot(async (session) =>
          (
            await tasks
              .find({ userId, seq: { $gt: afterSeq } }, { projection: TASK_PROJECTION, session, ...timed })
              .sort({ seq: 1 })
              .limit(limit)
              .toArray()
          ).map(fromTaskDocument),
        ),
      ),
    // The head holds the highest seq ever claimed, of tasks and lists alike ([LS2]): never below the highest a puller could have seen.
    highestSeq: (userId) =>
      unavailableWhenDown(async () => (await collections.seqHeads.findOne({ userId }, { projection: { seq: 1 } }))?.seq ?? 0),
    generation: () => Promise.resolve(generation),
    applyPush: (userId, rows) => unavailableWhenDown(() => applyPush(userId, rows, taskTarget)),
    getTask: (userId, id) =>
      unavailableWhenDown(async () => {
        const task = await tasks.findOne({ userId, id }, { projection: TASK_PROJECTION, ...timed });
        return task ? fromTaskDocument(task) : null;
      }),
    listTasks: (userId, query) => unavailableWhenDown(() => listMongoTasks(collections, timed, userId, query)),
    pullListChanges: (userId, afterSeq, limit) =>
      unavailableWhenDown(() =>
        inSnapshot((session) =>
          lists
            .find({ userId, seq: { $gt: afterSeq } }, { projection: LIST_PROJECTION, session, ...timed })
            .sort({ seq: 1 })
            .limit(limit)
            .toArray(),
        ),
      ),
    applyListPush: (userId, rows) => unavailableWhenDown(() => applyPush(userId, rows, listTarget)),
    getList: (userId, id) => unavailableWhenDown(() => lists.findOne({ userId, id }, { projection: LIST_PROJECTION, ...timed })),
    listLists: (userId, query) => unavailableWhenDown(() => listMongoLists(collections, timed, userId, query)),
    createUser: (user) =>
      unavailableWhenDown(async () => {
        try {
          await users.insertOne({ ...user });
          return true;
        } catch (error) {
          if (isDuplicateKeyError(error)) return false;
          throw error;
        }
      }),
    findUserByEmail: (email) => unavailableWhenDown(() => users.findOne({ email }, { projection: USER_PROJECTION })),
    findUserById: (id) => unavailableWhenDown(() => users.findOne({ id }, { projection: USER_PROJECTION })),
    updatePasswordHash: (userId, passwordHash) =>
      unavailableWhenDown(async () => {
        await users.updateOne({ id: userId }, { $set: { passwordHash } });
      }),
    insertRefreshToken: (token) =>
      unavailableWhenDown(async () => {
        await refreshTokens.insertOne({
          ...token,
          usedAt: null,
          revokedAt: null,
          replacedBy: null,
          expiresAtDate: new Date(token.expiresAt),
        });
      }),
    findRefreshToken: (id) =>
      unavailableWhenDown(async (): Promise<RefreshTokenRecord | null> => {
        const token = await refreshTokens.findOne({ id }, { projection: { _id: 0, expiresAtDate: 0 } });
        return token ? { ...token, replacedBy: token.replacedBy ?? null, familyCreatedAt: token.familyCreatedAt ?? null } : null;
      }),
    rotateRefreshToken: (id, successor, at) =>
      unavailableWhenDown(async () => {
        // `replacedBy: null` also matches documents written before the field existed.
        const result = await refreshTokens.updateOne(
          { id, revokedAt: null, usedAt: null, replacedBy: null },
          { $set: { replacedBy: successor, usedAt: at } },
        );
        return result.matchedCount === 1;
      }),
    revokeRefreshTokenFamily: (familyId, revokedAt) =>
      unavailableWhenDown(async () => {
        await refreshTokens.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt } });
      }),
    isRefreshFamilyActive: (familyId, at) =>
      unavailableWhenDown(async () => {
        // expiresAt is an ISO string written by toISOString, so string order is time order.
        const token = await refreshTokens.findOne({ familyId, revokedAt: null, expiresAt: { $gt: at } }, { projection: { _id: 1 } });
        return token !== null;
      }),
    checkReady: () =>
      unavailableWhenDown(async () => {
        await db.command({ ping: 1 });
      }),
    close: () => client.close(),
  };
}
