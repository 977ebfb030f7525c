import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList, TaskList } from '@tasklane/shared/domain/task-list';
import type { ListPushRow, PushRow } from '@tasklane/shared/protocol/push';
import { sameListContent } from '@tasklane/shared/sync/merge-list';
import { sameTaskContent } from '@tasklane/shared/sync/merge-task';

export type PushDecision =
  | { kind: 'write' }
  /** Already the server's content (a retried push): nothing to write. */
  | { kind: 'unchanged'; reportAsConflict: boolean }
  | { kind: 'conflict' };

type Revisioned = { seq?: number | undefined };
type Row<D> = { newDocumentState: D; assumedMasterState?: D | undefined };

/** The push rule for any replicated collection, with that collection's idea of "the same content". */
function decideRow<D extends Revisioned>(
  current: (D & { seq: number }) | null,
  row: Row<D>,
  sameContent: (a: D, b: D) => boolean,
): PushDecision {
  if (current === null) return { kind: 'write' };
  const assumedSeq = row.assumedMasterState?.seq;
  if (sameContent(current, row.newDocumentState)) {
    return { kind: 'unchanged', reportAsConflict: assumedSeq !== current.seq };
  }
  if (row.assumedMasterState !== undefined && assumedSeq === current.seq) return { kind: 'write' };
  return { kind: 'conflict' };
}

/**
 * The push rule of docs/protocol.md, shared by every store: no server document
 * means insert; otherwise the row's `assumedMasterState` must carry the
 * server's current revision (`seq`), never a client clock. `current` is the
 * server's document as clients see it (a stored version-1 task upgraded, [DM19]).
 */
export function decidePushRow(current: StoredTask | null, row: PushRow): PushDecision {
  return decideRow(current, row, sameTaskContent);
}

/** [LS1] The same rule for a list; "the same content" is `sameListContent`. */
export function decideListPushRow(current: StoredTaskList | null, row: ListPushRow): PushDecision {
  return decideRow<TaskList>(current, row, sameListContent);
}

/** A server document as a store keeps it: its revision, and its content as JSON text (`taskContent`, `listContent`). */
export type StoredTaskText = { seq: number; doc: string };

/**
 * [SW4] decidePushRow for a store that keeps documents as JSON text, parsing that text only when the
 * decision needs it: never for an insert, nor for a retry whose `rowDoc` (the JSON text of the row's
 * `taskContent`) equals the stored text. Different texts may still hold the same content (another key
 * order, written by an older release, or a version-1 document that `parse` upgrades, [DM19]), so those
 * are decided on the parsed document, by the same rule.
 */
export function decidePushRowOnText(
  current: StoredTaskText | null,
  row: PushRow,
  rowDoc: string,
  parse: (stored: StoredTaskText) => StoredTask,
): PushDecision {
  return decideOnText(current, row, rowDoc, parse, decidePushRow);
}

/** [SW4] for lists. */
export function decideListPushRowOnText(
  current: StoredTaskText | null,
  row: ListPushRow,
  rowDoc: string,
  parse: (stored: StoredTaskText) => StoredTaskList,
): PushDecision {
  return decideOnText(current, row, rowDoc, parse, decideListPushRow);
}

function decideOnText<D, R extends { assumedMasterState?: Revisioned | undefined }>(
  current: StoredTaskText | null,
  row: R,
  rowDoc: string,
  parse: (stored: StoredTaskText) => D,
  decide: (current: D, row: R) => PushDecision,
): PushDecision {
  if (current === null) return { kind: 'write' };
  if (current.doc === rowDoc) return { kind: 'unchanged', reportAsConflict: row.assumedMasterState?.seq !== current.seq };
  return decide(parse(current), row);
}

/** What a store persists for a task: the document without its server revision. */
export function taskContent(task: StoredTask | PushRow['newDocumentState']): Omit<StoredTask, 'seq'> {
  const { seq: _seq, ...content } = task;
  return content;
}

/** What a store persists for a list: the document without its server revision. */
export function listContent(list: StoredTaskList | ListPushRow['newDocumentState']): Omit<StoredTaskList, 'seq'> {
  const { seq: _seq, ...content } = list;
  return content;
}
