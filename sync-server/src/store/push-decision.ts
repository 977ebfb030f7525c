import type { StoredTask } from '@tasklane/shared/domain/task';
import type { PushRow } from '@tasklane/shared/protocol/push';
import { sameTaskContent } from '@tasklane/shared/sync/merge-task';

export type PushDecision =
  | { kind: 'write' }
  /** Already the server's content (a retried push): nothing to write. */
  | { kind: 'unchanged'; reportAsConflict: boolean }
  | { kind: 'conflict' };

/**
 * The push rule of docs/protocol.md, shared by every store: no server document
 * means insert; otherwise the row's `assumedMasterState` must carry the
 * server's current revision (`seq`), never a client clock.
 */
export function decidePushRow(current: StoredTask | null, row: PushRow): PushDecision {
  if (current === null) return { kind: 'write' };
  const assumedSeq = row.assumedMasterState?.seq;
  if (sameTaskContent(current, row.newDocumentState)) {
    return { kind: 'unchanged', reportAsConflict: assumedSeq !== current.seq };
  }
  if (row.assumedMasterState !== undefined && assumedSeq === current.seq) return { kind: 'write' };
  return { kind: 'conflict' };
}

/** A server document as a store keeps it: its revision, and its content as the JSON text of `taskContent`. */
export type StoredTaskText = { seq: number; doc: string };

/**
 * [SW4] decidePushRow for a store that keeps documents as JSON text, parsing that text only when the
 * decision needs it: never for an insert, nor for a retry whose `rowDoc` (the JSON text of the row's
 * `taskContent`) equals the stored text. Different texts may still hold the same content (another key
 * order, written by an older release), so those are decided on the parsed document, by the same rule.
 */
export function decidePushRowOnText(
  current: StoredTaskText | null,
  row: PushRow,
  rowDoc: string,
  parse: (stored: StoredTaskText) => StoredTask,
): PushDecision {
  if (current === null) return { kind: 'write' };
  if (current.doc === rowDoc) return { kind: 'unchanged', reportAsConflict: row.assumedMasterState?.seq !== current.seq };
  return decidePushRow(parse(current), row);
}

/** What a store persists for a task: the document without its server revision. */
export function taskContent(task: StoredTask | PushRow['newDocumentState']): Omit<StoredTask, 'seq'> {
  const { seq: _seq, ...content } = task;
  return content;
}
