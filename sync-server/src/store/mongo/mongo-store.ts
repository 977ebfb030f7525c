import { MongoClient, type ClientSession, type CommandStartedEvent } from 'mongodb';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type StoredTaskList, type TaskList } from '@tasklane/shared/domain/task-list';
import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import type { ListPushRow, PushRow } from '@tasklane/shared/protocol/push';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { decideListPushRow, decidePushRow, listContent, taskContent, type PushDecision } from '../push-decision';
import { ensureMongoIndexes } from './indexes';
import { createMongoAccountMethods, ensureAccountTokenIndexes } from './mongo-account-tokens';
import { createMongoReminderMethods, ensureReminderIndexes } from './mongo-reminders';
import {
  fromTaskDocument,
  LIST_PROJECTION,
  mongoCollections,
  TASK_PROJECTION,
  USER_PROJECTION,
  type ListContent,
  type ListDocument,
  type TaskContent,
  type TaskDocument,
} from './collections';
import { ensureMongoDueKeys } from './due-key-fill';
import { isDuplicateKeyError, unavailableWhenDown } from './errors';
import { mongoClientOptions, type MongoConnectionConfig } from './mongo-client-options';
import { listMongoLists, listMongoTasks } from './mongo-listing';
import { checkMongoServer } from './mongo-start-up';
import { backoffMs, createMongoSequencer, type PlannedWrite } from './sequencer';
import { ensureMongoGeneration } from './store-generation';
import { ensureSharingIndexes, sharingCollections } from './sharing-collections';
import { createMongoSpaces } from './mongo-spaces';
import { addOutcome, createMongoSpacePush, type SharedPushOutcome as SharedOutcome } from './mongo-space-push';
import { createMongoSpacePull } from './mongo-space-pull';
import { createMongoMembership } from './mongo-membership';
import { hiddenList, hiddenTask } from '@tasklane/shared/domain/hidden-documents';
import { createListCap } from '../list-cap';
import { assigneeToCheck } from '../assignee-rule';
import type { DeniedRow, ListPushLimits, RefreshTokenRecord, Store } from '../store';
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
 * client never sees a write that a fail-over could roll back. A user who shares
 * nothing writes with single-document atomic operations and unique indexes only
 * (the claim sequencer); writes to shared lists and membership changes run in
 * multi-document transactions (docs/protocol.md "Shared lists on MongoDB").
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
    await ensureAccountTokenIndexes(db);
    await ensureReminderIndexes(db);
    await ensureSharingIndexes(db);
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
  const sharing = sharingCollections(db);
  const withSharing = { ...collections, ...sharing };
  const { tasks, lists, users, refreshTokens } = collections;
  const { faults } = hooks;
  const timed = { maxTimeMS: config.operationTimeoutMs };
  const commitTimeMS = Math.min(config.operationTimeoutMs, config.writeConcernTimeoutMs);
  const sequencer = createMongoSequencer(collections, {
    leaseMs: hooks.claimLeaseMs ?? CLAIM_LEASE_MS,
    waitLimitMs: CLAIM_WAIT_LIMIT_MS,
    maxTimeMS: config.operationTimeoutMs,
    faults,
    startSession: () => client.startSession(),
    commitTimeMS,
    highestOther: async (userId) =>
      (
        await sharing.feed
          .find({ userId }, { projection: { _id: 0, seq: 1 }, ...timed })
          .sort({ seq: -1 })
          .limit(1)
          .next()
      )?.seq ?? 0,
  });
  const transactions = {
    commitTimeMS,
    client,
    seqHeads: collections.seqHeads,
    settle: (userId: string) => sequencer.settledSeq(userId),
    maxTimeMS: config.operationTimeoutMs,
  };
  /**
   * Reads by id as the user holds them, in one snapshot: the feed entry and the document it points at are read at one
   * point in time, so a document that left the user's sight between the two reads is never returned ([SH1]).
   */
  const heldBy = <T>(read: (spaces: ReturnType<typeof createMongoSpaces>) => Promise<T>) =>
    inSnapshot((session) => read(createMongoSpaces(withSharing, { session, maxTimeMS: config.operationTimeoutMs })));
  const spacePush = createMongoSpacePush(withSharing, transactions);
  const membership = createMongoMembership(withSharing, transactions);
  const pullTasks = createMongoSpacePull<StoredTask, TaskDocument>(tasks, sharing, 't', {
    projection: TASK_PROJECTION,
    toDocument: fromTaskDocument,
    hidden: hiddenTask,
    maxTimeMS: config.operationTimeoutMs,
  });
  const pullLists = createMongoSpacePull<StoredTaskList, ListDocument>(lists, sharing, 'l', {
    projection: LIST_PROJECTION,
    toDocument: ({ userId: _space, ...list }: ListDocument) => list,
    hidden: hiddenList,
    maxTimeMS: config.operationTimeoutMs,
  });

  /** How one collection's documents are read and decided by a push. */
  type PushTarget<Row extends { newDocumentState: { id: string } }, Stored extends { id: string; seq: number }> = {
    collection: ReplicatedCollection;
    current(userId: string, ids: string[]): Promise<Stored[]>;
    decide(current: Stored | null, row: Row): PushDecision;
    /** [AS3] Why a decided write may not happen; absent or null: it may. */
    refuses?(userId: string, current: Stored | null, row: Row): DeniedRow['code'] | null;
    content(row: Row): TaskContent | ListContent;
    /** The push of a user who shares anything: in sharing transactions. */
    shared(userId: string, rows: Row[], limits?: ListPushLimits): Promise<SharedOutcome<Stored>>;
  };

  const taskTarget: PushTarget<PushRow, StoredTask> = {
    collection: 'tasks',
    current: async (userId, ids) =>
      (await tasks.find({ userId, id: { $in: ids } }, { projection: TASK_PROJECTION, ...timed }).toArray()).map(fromTaskDocument),
    decide: decidePushRow,
    // [AS3] A user who shares nothing may assign a task to themselves only (anyone else's pushes take the sharing path).
    // The write that follows is conditional on the revision decided on, so the assignee compared with is the one it replaces.
    refuses(userId, current, row) {
      const assignee = assigneeToCheck(current, row.newDocumentState);
      return assignee === null || assignee === userId ? null : 'INVALID_ASSIGNEE';
    },
    content: (row) => taskContent(row.newDocumentState),
    shared: (userId, rows) => spacePush.pushTasks(userId, rows),
  };
  const listTarget: PushTarget<ListPushRow, StoredTaskList> = {
    collection: 'lists',
    current: (userId, ids) => lists.find({ userId, id: { $in: ids } }, { projection: LIST_PROJECTION, ...timed }).toArray(),
    decide: decideListPushRow,
    content: (row) => listContent(row.newDocumentState),
    shared: (userId, rows, limits) => spacePush.pushLists(userId, rows, limits),
  };

  /**
   * [RJ2] The cap of a list push. The count is read after the head was seen settled at `headSeq`, and a push that adds a
   * list commits only from that head (`commitAt`), so no write of any instance can come between the count and the claim;
   * a push that lost that race counts again.
   */
  async function listCapFor(userId: string, limits: ListPushLimits) {
    const headSeq = await sequencer.settledSeq(userId);
    const live = await lists.countDocuments({ userId, _deleted: false, id: { $ne: INBOX_LIST_ID } }, timed);
    return { headSeq, cap: createListCap(limits, () => live) };
  }

  /** [RJ2] Whether a row would add a live list (an insert or a revival), judged on the stored documents read. */
  const addsList = (row: { newDocumentState: { id: string } }, stored: object | null) => {
    const list = row.newDocumentState as TaskList;
    return !list._deleted && list.id !== INBOX_LIST_ID && (stored === null || (stored as StoredTaskList)._deleted);
  };

  async function applyPush<Row extends { newDocumentState: { id: string } }, Stored extends { id: string; seq: number }>(
    userId: string,
    rows: Row[],
    target: PushTarget<Row, Stored>,
    limits?: ListPushLimits,
  ): Promise<SharedOutcome<Stored>> {
    const outcome: SharedOutcome<Stored> = { written: [], conflicts: [] };
    let undecided = rows;
    for (let round = 0; undecided.length > 0; round += 1) {
      if (round === MAX_PUSH_ROUNDS)
        throw new ProtocolError('UNAVAILABLE', 'a push kept losing races on the same documents; retry shortly', { retryAfterMs: 250 });
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs(round)));
      // Read before anything the decision rests on: a sharing transaction that takes the head since then fails the claim.
      const { epoch, shares } = await sequencer.sharingState(userId);
      if (shares) {
        addOutcome(outcome, await target.shared(userId, undecided, limits));
        break;
      }
      const ids = undecided.map((row) => row.newDocumentState.id);
      let current = new Map((await target.current(userId, ids)).map((document) => [document.id, document]));
      // [RJ2] Only a push that adds a list pays for the settled head and the count; the documents are then read again
      // after the head settled, so that a deletion counted as making room is the stored one (its write is conditional).
      let capped: Awaited<ReturnType<typeof listCapFor>> | null = null;
      if (target.collection === 'lists' && limits && undecided.some((row) => addsList(row, current.get(row.newDocumentState.id) ?? null))) {
        capped = await listCapFor(userId, limits);
        current = new Map((await target.current(userId, ids)).map((document) => [document.id, document]));
      }
      const overCap: string[] = [];
      const denied: DeniedRow[] = [];
      const conflicts: Stored[] = [];
      let adds = false;
      const toWrite: Row[] = [];
      const planned: PlannedWrite[] = [];
      for (const row of undecided) {
        const server = current.get(row.newDocumentState.id) ?? null;
        const decision = target.decide(server, row);
        const refusal = decision.kind === 'write' ? (target.refuses?.(userId, server, row) ?? null) : null;
        if (refusal !== null) {
          denied.push({ id: row.newDocumentState.id, code: refusal });
          continue;
        }
        if (decision.kind === 'write' && capped) {
          const list = row.newDocumentState as unknown as TaskList;
          const stored = server as unknown as StoredTaskList | null;
          if (!capped.cap.admits(stored, list)) {
            overCap.push(list.id);
            continue;
          }
          adds ||= !list._deleted && (stored === null || stored._deleted);
        }
        if (decision.kind === 'write') {
          toWrite.push(row);
          planned.push({ id: row.newDocumentState.id, expectedSeq: server?.seq ?? null, content: target.content(row) });
        } else if (server && (decision.kind === 'conflict' || decision.reportAsConflict)) {
          conflicts.push(server);
        }
      }
      // A round that writes nothing answers from its decision only while no sharing transaction touched the user since.
      if (planned.length === 0 && (await sequencer.sharingState(userId)).epoch !== epoch) continue;
      const results = await sequencer.commitAt(
        userId,
        target.collection,
        planned,
        capped && adds ? { headSeq: capped.headSeq, epoch } : { epoch },
      );
      if (results === null) continue; // the head moved since the count or the epoch: decide this round's rows again
      outcome.conflicts.push(...conflicts);
      if (overCap.length > 0) (outcome.overCap ??= []).push(...overCap);
      if (denied.length > 0) (outcome.denied ??= []).push(...denied);
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

  const accountMethods = createMongoAccountMethods(db, collections);

  // Every sharing method answers UNAVAILABLE when MongoDB cannot be reached, as the rest of the store does.
  const sharingMethods = Object.fromEntries(
    Object.entries(membership).map(([name, method]) => [
      name,
      (...args: unknown[]) => unavailableWhenDown(() => (method as (...a: unknown[]) => Promise<unknown>)(...args)),
    ]),
  ) as unknown as typeof membership;

  return {
    pullChanges: (userId, afterSeq, limit) =>
      unavailableWhenDown(() => inSnapshot((session) => pullTasks(session, userId, afterSeq, limit))),
    // The head holds the highest seq ever claimed, of tasks and lists alike ([LS2]): never below the highest a puller could have seen.
    highestSeq: (userId) =>
      unavailableWhenDown(async () => (await collections.seqHeads.findOne({ userId }, { projection: { seq: 1 } }))?.seq ?? 0),
    generation: () => Promise.resolve(generation),
    applyPush: (userId, rows) => unavailableWhenDown(() => applyPush(userId, rows, taskTarget)),
    // [SH7] by id, as the user holds it: their own, or one of a list shared with them
    getTask: (userId, id) => unavailableWhenDown(async () => (await heldBy((spaces) => spaces.locateTask(userId, id)))?.document ?? null),
    getTasks: (userId, ids) =>
      unavailableWhenDown(async () =>
        (await sequencer.sharingState(userId)).shares
          ? heldBy((spaces) => spaces.locateTasks(userId, ids))
          : taskTarget.current(userId, [...ids]),
      ),
    listTasks: (userId, query) => unavailableWhenDown(() => listMongoTasks(collections, timed, userId, query, sharing)),
    pullListChanges: (userId, afterSeq, limit) =>
      unavailableWhenDown(() => inSnapshot((session) => pullLists(session, userId, afterSeq, limit))),
    applyListPush: (userId, rows, limits) => unavailableWhenDown(() => applyPush(userId, rows, listTarget, limits)),
    getList: (userId, id) => unavailableWhenDown(async () => (await heldBy((spaces) => spaces.locateList(userId, id)))?.document ?? null),
    ...sharingMethods,
    getLists: (userId, ids) => unavailableWhenDown(() => heldBy((spaces) => spaces.locateLists(userId, ids))),
    listLists: (userId, query) => unavailableWhenDown(() => listMongoLists(collections, timed, userId, query, sharing)),
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
    // [AC12] account e-mails, sign out everywhere and account deletion
    ...accountMethods,
    // [SH5] unshared first, so no feed points into the deleted space (a no-op when the account service did it already)
    deleteAccount: (userId) =>
      unavailableWhenDown(async () => {
        try {
          await membership.unshareAccount(userId, new Date().toISOString());
          await accountMethods.deleteAccount(userId);
        } catch (error) {
          // A deletion that failed halfway leaves a live account: it may share again (best effort; the members it lost
          // stay removed, and a retry of the deletion finishes the job).
          await collections.seqHeads.updateOne({ userId }, { $unset: { closed: '' } }, timed).catch(() => undefined);
          throw error;
        }
      }),
    ...createMongoReminderMethods(db, collections, timed),
    checkReady: () =>
      unavailableWhenDown(async () => {
        await db.command({ ping: 1 });
      }),
    close: () => client.close(),
  };
}
