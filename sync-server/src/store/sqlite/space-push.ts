import type Database from 'better-sqlite3';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type StoredTaskList, type TaskList } from '@tasklane/shared/domain/task-list';
import { canWriteTasks } from '@tasklane/shared/domain/list-sharing';
import { hiddenList, hiddenTask } from '@tasklane/shared/domain/hidden-documents';
import type { ListPushRow, PushRow } from '@tasklane/shared/protocol/push';
import { decideListPushRowOnText, decidePushRowOnText, type PushDecision, type StoredTaskText } from '../push-decision';
import type { DeniedRow, ListPushLimits } from '../store';
import type { FanOut } from '../sharing-store';
import { createListCap } from '../list-cap';
import { assigneeToCheck } from '../assignee-rule';
import { fanOutOf } from '../sharing-refusals';
import { reachedInTransaction, type StoreFaults } from '../store-faults';
import { createSeqAllocator, type FeedKind, type Located, type Spaces } from './spaces';
import { parseStoredTask, type TaskColumns } from './task-columns';

/** A push row with its stored form, made before the write transaction so that it holds the lock only for SQLite's work. */
export type PreparedRow<Row, Content> = { row: Row; content: Content; doc: string };
export type PreparedTaskRow = PreparedRow<PushRow, Omit<Task, 'seq'>> & { columns: TaskColumns };
export type PreparedListRow = PreparedRow<ListPushRow, Omit<TaskList, 'seq'>>;

/** Where a written document lives: its space, and the list whose members hold it with its owner ([SH6]). */
type Placement = { space: string; listId: string };

/** How one collection's rows are found, permitted, decided and written inside a push's transaction. */
type SpaceWriter<Prepared extends PreparedRow<unknown, { id: string }>, Stored> = {
  kind: FeedKind;
  locate(userId: string, id: string): Located | undefined;
  parse(stored: StoredTaskText): Stored;
  decide(stored: StoredTaskText | null, prepared: Prepared, parse: (stored: StoredTaskText) => Stored): PushDecision;
  /** [SH4] Where the row's new state would live, or why it may not be written. */
  place(userId: string, located: Located | undefined, prepared: Prepared): Placement | 'FORBIDDEN';
  /** [RJ2] Whether a decided write may happen (lists: the cap); absent: always. */
  admits?(stored: Stored | null, prepared: Prepared): boolean;
  /**
   * [AS3] Why a decided write may not happen where it would land (tasks: its assignee); absent or null: it may. `stored`
   * parses the stored document, only when asked.
   */
  refuses?(stored: () => Stored | null, prepared: Prepared, placement: Placement): DeniedRow['code'] | null;
  /** Writes the row in `space` under `seq`, moving it there from `from` when it lived in another space. */
  write(space: string, prepared: Prepared, seq: number, from: Located | undefined): void;
  hidden(id: string, at: string): Omit<Stored, 'seq'>;
};

export type SpaceOutcome<Stored> = { written: Stored[]; conflicts: Stored[]; overCap?: string[]; denied?: DeniedRow[]; fanOut?: FanOut };

/** A row that will be written: where it is and goes, who holds it before and after, and whether its new space's owner has a feed entry for it to drop. */
type DecidedRow = {
  located: Located | undefined;
  placement: Placement;
  after: string[];
  before: string[];
  ownerHasFeedEntry: boolean;
};

type TaskStatements = {
  insertTask: Database.Statement<[string, string, number, string, string, number, string, string, string | null, string | null]>;
  updateTask: Database.Statement<[string, number, string, string, number, string, string, string | null, string | null, string, string]>;
  insertList: Database.Statement<[string, string, number, number, string]>;
  updateList: Database.Statement<[number, number, string, string, string]>;
  liveLists: Database.Statement<[string, string], { n: number }>;
};

function statementsOf(db: Database.Database): TaskStatements {
  return {
    // Plain INSERT and UPDATE, not an upsert: the push has just read the row in its write transaction, so it
    // knows which one applies. An UPDATE may move the row to another space (its `user_id`, [SH6]); its rowid stays.
    insertTask: db.prepare(
      `INSERT INTO tasks (user_id, id, seq, status, created_at, deleted, doc, list_id, due_key, next_fire_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateTask: db.prepare(
      `UPDATE tasks SET user_id = ?, seq = ?, status = ?, created_at = ?, deleted = ?, doc = ?, list_id = ?, due_key = ?, next_fire_at = ?
       WHERE user_id = ? AND id = ?`,
    ),
    insertList: db.prepare('INSERT INTO lists (user_id, id, seq, deleted, doc) VALUES (?, ?, ?, ?, ?)'),
    updateList: db.prepare('UPDATE lists SET seq = ?, deleted = ?, doc = ? WHERE user_id = ? AND id = ?'),
    // [RJ2] Read inside the push's write transaction, so no other writer (of any process) can move it before the write.
    liveLists: db.prepare('SELECT COUNT(*) AS n FROM lists WHERE user_id = ? AND deleted = 0 AND id != ?'),
  };
}

/** [DM19] [LS4] Every read of a task goes through here: a stored version-1 document is returned upgraded. */
export function toStoredTask(row: StoredTaskText): StoredTask {
  return { ...parseStoredTask(row.doc), seq: row.seq };
}

export function toStoredList(row: StoredTaskText): StoredTaskList {
  return { ...(JSON.parse(row.doc) as Omit<StoredTaskList, 'seq'>), seq: row.seq };
}

/**
 * Pushes of tasks and lists with shared lists ([SH4]–[SH6], [SH11]): each row is found as the caller holds it, permitted
 * by the caller's role on the list it is in and the list it goes to, decided by the push rule on the caller's revision,
 * then written in its list owner's space, with a feed entry for every other member and a hiding entry for each user who
 * held it and no longer may.
 */
export function createSpacePush(db: Database.Database, spaces: Spaces, faults: StoreFaults | undefined) {
  const statements = statementsOf(db);

  const tasks: SpaceWriter<PreparedTaskRow, StoredTask> = {
    kind: 't',
    locate: spaces.locateTask,
    parse: toStoredTask,
    // [SW4] [LS4] A stored version-1 text never equals a row's text: it is decided on the upgraded document.
    decide: (stored, { row, doc }, parse) => decidePushRowOnText(stored, row, doc, parse),
    place(userId, located, { content }) {
      if (located) {
        const role = spaces.roleOn(userId, located);
        if (!role || !canWriteTasks(role)) return 'FORBIDDEN';
      } else if (spaces.hiddenFrom(userId, 't', content.id)) {
        return 'FORBIDDEN'; // [SH5] a late edit of a task the user may no longer see: never a new task of theirs
      }
      const target = spaces.writeTarget(userId, content.listId);
      if (!target || !canWriteTasks(target.role)) return 'FORBIDDEN';
      return { space: target.space, listId: content.listId };
    },
    // [AS3] Read in the push's write transaction: no membership change can come between this check and the write.
    refuses(stored, { content }, placement) {
      if (content.assignee === null) return null; // unassigning is never checked, and needs no parse
      const assignee = assigneeToCheck(stored(), content);
      if (assignee === null) return null;
      const role = spaces.roleOn(assignee, placement);
      return role && canWriteTasks(role) ? null : 'INVALID_ASSIGNEE';
    },
    write(space, { content, doc, columns }, seq, from) {
      const { status, createdAt, deleted, listId, dueKey, nextFireAt } = columns;
      if (from) statements.updateTask.run(space, seq, status, createdAt, deleted, doc, listId, dueKey, nextFireAt, from.space, content.id);
      else statements.insertTask.run(space, content.id, seq, status, createdAt, deleted, doc, listId, dueKey, nextFireAt);
    },
    hidden: hiddenTask,
  };

  const lists: SpaceWriter<PreparedListRow, StoredTaskList> = {
    kind: 'l',
    locate: spaces.locateList,
    parse: toStoredList,
    decide: (stored, { row, doc }, parse) => decideListPushRowOnText(stored, row, doc, parse),
    // [SH2] Only its owner changes a list; a member's copy is read-only.
    place: (userId, located, { content }) =>
      (located && located.space !== userId) || (!located && spaces.hiddenFrom(userId, 'l', content.id))
        ? 'FORBIDDEN'
        : { space: userId, listId: content.id },
    write(space, { content, doc }, seq, from) {
      const deleted = content._deleted ? 1 : 0;
      if (from) statements.updateList.run(seq, deleted, doc, space, content.id);
      else statements.insertList.run(space, content.id, seq, deleted, doc);
    },
    hidden: hiddenList,
  };

  /**
   * [RJ4] A fresh cap for each run of a push's rows: a group commit that rolled back runs them again ([LE3]), and the
   * count read by the rolled-back run (and the rows it admitted) must not carry over.
   */
  const listsWithin = (limits: ListPushLimits | undefined, userId: string) => (): SpaceWriter<PreparedListRow, StoredTaskList> => {
    const cap = createListCap(limits, () => statements.liveLists.get(userId, INBOX_LIST_ID)?.n ?? 0);
    return { ...lists, admits: (stored, { content }) => cap.admits(stored, content) };
  };

  /**
   * One row's decision, before anything is written: where it goes and who holds it before and after, or null when it
   * is not written (denied, a conflict, over a cap), recorded in `outcome`.
   */
  function decideRow<Prepared extends PreparedRow<unknown, { id: string; updatedAt: string }>, Stored extends { seq: number }>(
    userId: string,
    prepared: Prepared,
    writer: SpaceWriter<Prepared, Stored>,
    outcome: SpaceOutcome<Stored>,
  ): DecidedRow | null {
    const id = prepared.content.id;
    const located = writer.locate(userId, id);
    const placement = writer.place(userId, located, prepared);
    if (placement === 'FORBIDDEN') {
      (outcome.denied ??= []).push({ id, code: 'FORBIDDEN' });
      return null;
    }
    // Parsed at most once, and only when the decision or a conflict needs the stored document.
    let parsed: Stored | undefined;
    const current = (text: StoredTaskText) => (parsed ??= writer.parse(text));
    const decision = writer.decide(located ?? null, prepared, current);
    if (decision.kind !== 'write') {
      if (located && (decision.kind === 'conflict' || decision.reportAsConflict)) outcome.conflicts.push(current(located));
      return null;
    }
    const refusal = writer.refuses?.(() => (located ? current(located) : null), prepared, placement) ?? null;
    if (refusal !== null) {
      (outcome.denied ??= []).push({ id, code: refusal });
      return null;
    }
    const after = spaces.audience(placement.space, placement.listId);
    const stays = located?.space === placement.space && located.listId === placement.listId;
    const before = !located ? [] : stays ? after : spaces.audience(located.space, located.listId);
    // [SH11] Nobody who would hold it may already hold another document with its id. Those who hold it now (it stays
    // in its space and list) hold this very document: only a document that moves or is new is checked.
    if (!stays && after.some((member) => spaces.holdsOther(member, writer.kind, id, located?.space ?? null))) {
      (outcome.denied ??= []).push({ id, code: 'CONFLICT' });
      return null;
    }
    if (writer.admits && !writer.admits(located ? current(located) : null, prepared)) {
      (outcome.overCap ??= []).push(id);
      return null;
    }
    const ownerHasFeedEntry = located?.space !== placement.space && spaces.hasFeedEntry(placement.space, writer.kind, id);
    return { located, placement, after, before, ownerHasFeedEntry };
  }

  /** One push's rows, inside the group's write transaction. */
  function applyRows<Prepared extends PreparedRow<unknown, { id: string; updatedAt: string }>, Stored extends { seq: number }>(
    userId: string,
    rows: Prepared[],
    writer: SpaceWriter<Prepared, Stored>,
  ): SpaceOutcome<Stored> {
    const nextSeq = createSeqAllocator(spaces);
    const outcome: SpaceOutcome<Stored> = { written: [], conflicts: [] };
    const others = new Map<string, Stored[]>();
    const deliver = (to: string, document: Stored) => {
      const documents = others.get(to) ?? [];
      documents.push(document);
      others.set(to, documents);
    };
    reachedInTransaction(faults, 'after-claim', { userId, applied: 0, of: rows.length });
    for (const prepared of rows) {
      const id = prepared.content.id;
      // [SQ4] Everything up to the row's first write is decided with its repeated reads answered once.
      const decided = spaces.decidingRow(() => decideRow(userId, prepared, writer, outcome));
      if (!decided) continue;
      const { located, placement, after, before } = decided;
      if (located && located.space !== placement.space) nextSeq.before(located.space);
      const rowSeq = nextSeq(placement.space);
      writer.write(placement.space, prepared, rowSeq, located);
      const at = prepared.content.updatedAt;
      for (const member of after) {
        let seq = rowSeq;
        if (member === placement.space) {
          // The owner's own row carries it now; a feed entry of theirs (it was elsewhere, or hidden) goes.
          if (decided.ownerHasFeedEntry) spaces.dropFeed(member, writer.kind, id);
        } else {
          seq = nextSeq(member);
          spaces.putFeed(member, writer.kind, id, placement.space, seq, true, at);
        }
        const document = { ...prepared.content, seq } as unknown as Stored;
        if (member === userId) outcome.written.push(document);
        else deliver(member, document);
      }
      // [SH5] Whoever held it and no longer may gets an entry that hides it.
      for (const member of before) {
        if (after.includes(member)) continue;
        const seq = nextSeq(member);
        spaces.putFeed(member, writer.kind, id, placement.space, seq, false, at);
        const document = { ...writer.hidden(id, at), seq } as unknown as Stored;
        if (member === userId) outcome.written.push(document);
        else deliver(member, document);
      }
      if (outcome.written.length === faults?.intentsBeforeFault) {
        reachedInTransaction(faults, 'after-intents', { userId, applied: outcome.written.length, of: rows.length });
      }
    }
    if (faults?.intentsBeforeFault === undefined) {
      reachedInTransaction(faults, 'after-intents', { userId, applied: outcome.written.length, of: rows.length });
    }
    const fanOut = fanOutOf(writer.kind, others);
    if (fanOut) outcome.fanOut = fanOut;
    return outcome;
  }

  return {
    applyTaskRows: (userId: string, rows: PreparedTaskRow[]) => applyRows(userId, rows, tasks),
    applyListRows: (userId: string, rows: PreparedListRow[], limits: ListPushLimits | undefined) =>
      applyRows(userId, rows, listsWithin(limits, userId)()),
  };
}
