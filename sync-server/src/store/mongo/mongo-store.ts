import { MongoClient, type CommandStartedEvent, type Filter } from 'mongodb';
import type { StoredTask } from '@tasklane/shared/domain/task';
import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import type { PushRow } from '@tasklane/shared/protocol/push';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { decidePushRow, taskContent } from '../push-decision';
import { ensureMongoIndexes } from './indexes';
import { mongoCollections, TASK_PROJECTION, USER_PROJECTION, type TaskDocument } from './collections';
import { isDuplicateKeyError, unavailableWhenDown } from './errors';
import { mongoClientOptions, type MongoConnectionConfig } from './mongo-client-options';
import { checkMongoServer } from './mongo-start-up';
import { searchWords } from './search';
import { backoffMs, createMongoSequencer, type PlannedWrite } from './sequencer';
import { ensureMongoGeneration } from './store-generation';
import { decodeTaskCursor, encodeTaskCursor } from '../task-cursor';
import type { PushOutcome, RefreshTokenRecord, Store, TaskListQuery } from '../store';
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
  const { tasks, committedTasks, users, refreshTokens } = collections;
  const { faults } = hooks;
  const timed = { maxTimeMS: config.operationTimeoutMs };
  const sequencer = createMongoSequencer(collections, {
    leaseMs: hooks.claimLeaseMs ?? CLAIM_LEASE_MS,
    waitLimitMs: CLAIM_WAIT_LIMIT_MS,
    maxTimeMS: config.operationTimeoutMs,
    faults,
  });

  async function currentTasks(userId: string, ids: string[]): Promise<Map<string, StoredTask>> {
    const found = await tasks.find({ userId, id: { $in: ids } }, { projection: TASK_PROJECTION, ...timed }).toArray();
    return new Map(found.map((task) => [task.id, task as StoredTask]));
  }

  async function applyPush(userId: string, rows: PushRow[]): Promise<PushOutcome> {
    const outcome: PushOutcome = { written: [], conflicts: [] };
    let undecided = rows;
    for (let round = 0; undecided.length > 0; round += 1) {
      if (round === MAX_PUSH_ROUNDS)
        throw new ProtocolError('UNAVAILABLE', 'a push kept losing races on the same documents; retry shortly', { retryAfterMs: 250 });
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs(round)));
      const current = await currentTasks(
        userId,
        undecided.map((row) => row.newDocumentState.id),
      );
      const toWrite: PushRow[] = [];
      const planned: PlannedWrite[] = [];
      for (const row of undecided) {
        const server = current.get(row.newDocumentState.id) ?? null;
        const decision = decidePushRow(server, row);
        if (decision.kind === 'write') {
          toWrite.push(row);
          planned.push({ id: row.newDocumentState.id, expectedSeq: server?.seq ?? null, content: taskContent(row.newDocumentState) });
        } else if (server && (decision.kind === 'conflict' || decision.reportAsConflict)) {
          outcome.conflicts.push(server);
        }
      }
      const results = await sequencer.commit(userId, planned);
      undecided = [];
      results.forEach((result, index) => {
        const row = toWrite[index]!;
        if (result.applied) outcome.written.push({ ...taskContent(row.newDocumentState), seq: result.seq });
        else undecided.push(row);
      });
    }
    outcome.written.sort((a, b) => a.seq - b.seq);
    await faults?.reached('before-ack', { userId, applied: outcome.written.length, of: rows.length });
    return outcome;
  }

  async function listTasks(userId: string, query: TaskListQuery): Promise<TaskListPage> {
    const filter: Filter<TaskDocument> = { userId };
    if (!query.includeDeleted) filter._deleted = false;
    if (query.status) filter.status = query.status;
    if (query.q !== undefined) {
      const words = searchWords(query.q);
      if (words.length === 0) return { tasks: [], nextCursor: null };
      // The text index finds candidates; every word must still be a prefix of some word ([L2]).
      filter.$text = { $search: words.join(' ') };
      filter.searchPrefixes = { $all: words };
    }
    if (query.cursor) {
      const cursor = decodeTaskCursor(query.cursor);
      filter.$or = [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { $lt: cursor.id } }];
    }
    const found = await committedTasks
      .find(filter, { projection: TASK_PROJECTION, ...timed })
      .sort({ createdAt: -1, id: -1 })
      .limit(query.limit + 1)
      .toArray();
    const page = found.slice(0, query.limit) as StoredTask[];
    const last = page[page.length - 1];
    const nextCursor = found.length > query.limit && last ? encodeTaskCursor({ createdAt: last.createdAt, id: last.id }) : null;
    return { tasks: page, nextCursor };
  }

  return {
    pullChanges: (userId, afterSeq, limit) =>
      unavailableWhenDown(async () => {
        // One point-in-time snapshot of majority-committed data: a query that yields
        // mid-scan could otherwise miss seq N yet see N+1 written just after it.
        const session = client.startSession({ snapshot: true });
        try {
          return await tasks
            .find({ userId, seq: { $gt: afterSeq } }, { projection: TASK_PROJECTION, session, ...timed })
            .sort({ seq: 1 })
            .limit(limit)
            .toArray();
        } finally {
          await session.endSession();
        }
      }),
    // The head holds the highest seq ever claimed: never below the highest a puller could have seen.
    highestSeq: (userId) =>
      unavailableWhenDown(async () => (await collections.seqHeads.findOne({ userId }, { projection: { seq: 1 } }))?.seq ?? 0),
    generation: () => Promise.resolve(generation),
    applyPush: (userId, rows) => unavailableWhenDown(() => applyPush(userId, rows)),
    getTask: (userId, id) => unavailableWhenDown(() => tasks.findOne({ userId, id }, { projection: TASK_PROJECTION, ...timed })),
    listTasks: (userId, query) => unavailableWhenDown(() => listTasks(userId, query)),
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
