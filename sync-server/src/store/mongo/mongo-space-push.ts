import type { ClientSession } from 'mongodb';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type StoredTaskList } from '@tasklane/shared/domain/task-list';
import { canWriteTasks } from '@tasklane/shared/domain/list-sharing';
import { hiddenList, hiddenTask } from '@tasklane/shared/domain/hidden-documents';
import type { ListPushRow, PushRow } from '@tasklane/shared/protocol/push';
import { decideListPushRow, decidePushRow, listContent, taskContent, type PushDecision } from '../push-decision';
import { createListCap } from '../list-cap';
import { assigneeToCheck } from '../assignee-rule';
import { fanOutOf } from '../sharing-refusals';
import type { DeniedRow, ListPushLimits } from '../store';
import type { FanOut } from '../sharing-store';
import { toListDocument, toTaskDocument, type MongoCollections } from './collections';
import { feedBatchOf, type FeedKind, type SharingCollections } from './sharing-collections';
import { createMongoSpaces, type Located, type MongoSpaces } from './mongo-spaces';
import { inSharingTransaction, type SharingTransactionDeps } from './sharing-transaction';
import type { TransactionHeads } from './transaction-heads';

/** Rows per transaction: a row to a list of 100 members writes about 100 feed entries, and a transaction stays small. */
const ROWS_PER_TRANSACTION = 20;

type Placement = { space: string; listId: string };
type Content = { id: string; updatedAt: string };

/** How one collection's rows are found, permitted, decided and written inside a sharing transaction. */
type SpaceWriter<Row, Stored extends Content & { seq: number }> = {
  kind: FeedKind;
  content(row: Row): Omit<Stored, 'seq'>;
  locate(spaces: MongoSpaces, userId: string, id: string): Promise<Located<Stored> | null>;
  decide(stored: Stored | null, row: Row): PushDecision;
  place(
    spaces: MongoSpaces,
    userId: string,
    located: Located<Stored> | null,
    content: Omit<Stored, 'seq'>,
  ): Promise<Placement | 'FORBIDDEN'>;
  refuses?(
    spaces: MongoSpaces,
    stored: Stored | null,
    content: Omit<Stored, 'seq'>,
    placement: Placement,
  ): Promise<DeniedRow['code'] | null>;
  write(session: ClientSession, space: string, content: Omit<Stored, 'seq'>, seq: number, from: Located<Stored> | null): Promise<void>;
  hidden(id: string, at: string): Omit<Stored, 'seq'>;
};

export type SharedPushOutcome<Stored> = {
  written: Stored[];
  conflicts: Stored[];
  overCap?: string[];
  denied?: DeniedRow[];
  fanOut?: FanOut;
};

/** Adds one part of a push's outcome (a transaction's rows) to the whole; each user hears once, of everything. */
export function addOutcome<Stored>(total: SharedPushOutcome<Stored>, part: SharedPushOutcome<Stored>): void {
  total.written.push(...part.written);
  total.conflicts.push(...part.conflicts);
  if (part.overCap) (total.overCap ??= []).push(...part.overCap);
  if (part.denied) (total.denied ??= []).push(...part.denied);
  for (const heard of part.fanOut ?? []) {
    const known = (total.fanOut ??= []).find((entry) => entry.userId === heard.userId);
    if (known) {
      known.tasks.push(...heard.tasks);
      known.lists.push(...heard.lists);
    } else total.fanOut.push(heard);
  }
}

/**
 * Pushes of a user who shares anything, on MongoDB ([SH4]–[SH6], [SH11]): the SQLite store's space push
 * (`sqlite/space-push.ts`), row by row in multi-document transactions — each row found as the caller holds it, permitted
 * by the caller's role, decided by the push rule on the caller's revision, written in its list owner's space with a feed
 * entry for every other member and a hiding entry for each user who held it and no longer may.
 */
export function createMongoSpacePush(collections: MongoCollections & SharingCollections, deps: SharingTransactionDeps) {
  const { tasks, lists, feed } = collections;
  const { maxTimeMS } = deps;

  const tasksWriter: SpaceWriter<PushRow, StoredTask> = {
    kind: 't',
    content: (row) => taskContent(row.newDocumentState),
    locate: (spaces, userId, id) => spaces.locateTask(userId, id),
    decide: decidePushRow,
    async place(spaces, userId, located, content) {
      if (located) {
        const role = await spaces.roleOn(userId, located);
        if (!role || !canWriteTasks(role)) return 'FORBIDDEN';
      } else if (await spaces.hiddenFrom(userId, 't', content.id)) {
        return 'FORBIDDEN'; // [SH5] a late edit of a task the user may no longer see: never a new task of theirs
      }
      const target = await spaces.writeTarget(userId, content.listId);
      if (!target || !canWriteTasks(target.role)) return 'FORBIDDEN';
      return { space: target.space, listId: content.listId };
    },
    // [AS3] Read in the transaction: a membership change between this check and the write aborts one of them.
    async refuses(spaces, stored, content, placement) {
      const assignee = content.assignee === null ? null : assigneeToCheck(stored, content);
      if (assignee === null) return null;
      const role = await spaces.roleOn(assignee, placement);
      return role && canWriteTasks(role) ? null : 'INVALID_ASSIGNEE';
    },
    async write(session, space, content, seq, from) {
      const document = toTaskDocument(space, content, seq);
      if (!from) {
        await tasks.insertOne(document, { session, maxTimeMS });
        return;
      }
      // A move to another space changes `userId`; `dueAt` (version 1) and `completedAtDate` (the removed TTL) go.
      await tasks.updateOne(
        { userId: from.space, id: content.id },
        { $set: document, $unset: { dueAt: '', completedAtDate: '' } },
        { session, maxTimeMS },
      );
    },
    hidden: hiddenTask,
  };

  const listsWriter: SpaceWriter<ListPushRow, StoredTaskList> = {
    kind: 'l',
    content: (row) => listContent(row.newDocumentState),
    locate: (spaces, userId, id) => spaces.locateList(userId, id),
    decide: decideListPushRow,
    // [SH2] Only its owner changes a list; a member's copy is read-only.
    async place(spaces, userId, located, content) {
      if (located ? located.space !== userId : await spaces.hiddenFrom(userId, 'l', content.id)) return 'FORBIDDEN';
      return { space: userId, listId: content.id };
    },
    async write(session, space, content, seq, from) {
      const document = toListDocument(space, content, seq);
      if (from) await lists.updateOne({ userId: from.space, id: content.id }, { $set: document }, { session, maxTimeMS });
      else await lists.insertOne(document, { session, maxTimeMS });
    },
    hidden: hiddenList,
  };

  const createFeedBatch = feedBatchOf(feed, maxTimeMS);

  /** One transaction's rows. */
  async function applyRows<Row, Stored extends Content & { seq: number }>(
    session: ClientSession,
    heads: TransactionHeads,
    userId: string,
    rows: Row[],
    writer: SpaceWriter<Row, Stored>,
    limits: ListPushLimits | undefined,
  ): Promise<SharedPushOutcome<Stored>> {
    const spaces = createMongoSpaces(collections, { session, maxTimeMS });
    // The pusher's head first: no membership change of theirs, nor a claim of theirs, can come between the reads and the write.
    await heads.take(userId);
    const outcome: SharedPushOutcome<Stored> = { written: [], conflicts: [] };
    const others = new Map<string, Stored[]>();
    const deliver = (to: string, document: Stored) => others.set(to, [...(others.get(to) ?? []), document]);
    let cap: ReturnType<typeof createListCap> | null = null;
    let live = 0;
    if (writer.kind === 'l' && limits) {
      live = await lists.countDocuments({ userId, _deleted: false, id: { $ne: INBOX_LIST_ID } }, { session, maxTimeMS });
      cap = createListCap(limits, () => live);
    }
    for (const row of rows) {
      const content = writer.content(row);
      const id = content.id;
      const located = await writer.locate(spaces, userId, id);
      const placement = await writer.place(spaces, userId, located, content);
      if (placement === 'FORBIDDEN') {
        (outcome.denied ??= []).push({ id, code: 'FORBIDDEN' });
        continue;
      }
      const stored = located?.document ?? null;
      const decision = writer.decide(stored, row);
      if (decision.kind !== 'write') {
        if (stored && (decision.kind === 'conflict' || decision.reportAsConflict)) outcome.conflicts.push(stored);
        continue;
      }
      const refusal = (await writer.refuses?.(spaces, stored, content, placement)) ?? null;
      if (refusal !== null) {
        (outcome.denied ??= []).push({ id, code: refusal });
        continue;
      }
      const after = await spaces.audience(placement.space, placement.listId);
      const stays = located?.space === placement.space && located.listId === placement.listId;
      const before = !located ? [] : stays ? after : await spaces.audience(located.space, located.listId);
      // [SH11] Only a document that moves or is new can meet another document with its id.
      if (!stays && (await spaces.anyHoldsOther(after, writer.kind, id, located?.space ?? null))) {
        (outcome.denied ??= []).push({ id, code: 'CONFLICT' });
        continue;
      }
      if (cap && !cap.admits(stored as unknown as StoredTaskList | null, content as unknown as StoredTaskList)) {
        (outcome.overCap ??= []).push(id);
        continue;
      }
      await heads.takeAll([...(located && located.space !== placement.space ? [located.space] : []), ...after, ...before]);
      const rowSeq = await heads.next(placement.space);
      await writer.write(session, placement.space, content, rowSeq, located);
      const at = content.updatedAt;
      const entries = createFeedBatch(writer.kind, id);
      for (const member of after) {
        let seq = rowSeq;
        if (member === placement.space) {
          // The owner's own document carries it now; a feed entry of theirs (it was elsewhere, or hidden) goes.
          if (located?.space !== member) entries.drop(member);
        } else {
          seq = await heads.next(member);
          entries.put(member, placement.space, seq, true, at);
        }
        const document = { ...content, seq } as Stored;
        if (member === userId) outcome.written.push(document);
        else deliver(member, document);
      }
      // [SH5] Whoever held it and no longer may gets an entry that hides it.
      for (const member of before) {
        if (after.includes(member)) continue;
        const seq = await heads.next(member);
        entries.put(member, placement.space, seq, false, at);
        const document = { ...writer.hidden(id, at), seq } as Stored;
        if (member === userId) outcome.written.push(document);
        else deliver(member, document);
      }
      await entries.write(session);
    }
    const fanOut = fanOutOf(writer.kind, others);
    if (fanOut) outcome.fanOut = fanOut;
    return outcome;
  }

  async function push<Row, Stored extends Content & { seq: number }>(
    userId: string,
    rows: Row[],
    writer: SpaceWriter<Row, Stored>,
    limits?: ListPushLimits,
  ): Promise<SharedPushOutcome<Stored>> {
    const total: SharedPushOutcome<Stored> = { written: [], conflicts: [] };
    for (let start = 0; start < rows.length; start += ROWS_PER_TRANSACTION) {
      const chunk = rows.slice(start, start + ROWS_PER_TRANSACTION);
      // [RJ2] The cap of a later chunk counts what the earlier ones wrote: it reads the store anew.
      const part = await inSharingTransaction(deps, (session, heads) => applyRows(session, heads, userId, chunk, writer, limits));
      addOutcome(total, part);
    }
    total.written.sort((a, b) => a.seq - b.seq);
    return total;
  }

  return {
    pushTasks: (userId: string, rows: PushRow[]) => push(userId, rows, tasksWriter),
    pushLists: (userId: string, rows: ListPushRow[], limits?: ListPushLimits) => push(userId, rows, listsWriter, limits),
  };
}
