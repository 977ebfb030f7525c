import type { Task } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';
import { sameListContent } from '@tasklane/shared/sync/merge-list';
import { sameTaskContent } from '@tasklane/shared/sync/merge-task';
import type { RefusedEdit } from '../../sync/sync-problems';
import { listWithSafeText, safeLine, taskWithSafeText } from './safe-text';

type Document = Task | TaskList;

const isList = (document: Document): document is TaskList => 'name' in document;

function sameContent(a: Document, b: Document): boolean {
  if (isList(a) !== isList(b)) return false;
  return isList(a) ? sameListContent(a, b as TaskList) : sameTaskContent(a, b as Task);
}

/**
 * [RJ6] Whether a pull replaced the refused edit on the device: the local document (null when gone, or deleted) no
 * longer holds what the user wrote, and no local write of it is waiting to be pushed (that one is the user's own newer
 * edit, decided afresh when it is pushed).
 */
export function isReplaced(edit: RefusedEdit, local: Document | null, pending: boolean): boolean {
  if (!edit.document || pending) return false;
  return !local || local._deleted || !sameContent(local, edit.document);
}

function withSafeText(document: Document): Document {
  return isList(document) ? listWithSafeText(document) : taskWithSafeText(document);
}

function withoutSeq(document: Document): Document {
  const { seq: _seq, ...content } = document;
  return content;
}

/**
 * [RJ6] Restore: the user's edit written again over the document as it is now (a new local write, pushed again and
 * decided afresh; over a deletion it revives the document, [W8]).
 */
export function restoredEdit(kept: Document, at: string): Document {
  return withSafeText({ ...withoutSeq(kept), _deleted: false, updatedAt: at });
}

/**
 * [RJ6] Copy: the user's edit as a new document of its own, with a new id; a task goes to its list when the device still
 * has it (`listExists`), else to the Inbox.
 */
export function copiedEdit(kept: Document, id: string, at: string, listExists: (listId: string) => boolean): Document {
  const copy = { ...withoutSeq(kept), id, _deleted: false, createdAt: at, updatedAt: at };
  if (isList(copy)) return withSafeText({ ...copy, inbox: false });
  return withSafeText({ ...copy, listId: listExists(copy.listId) ? copy.listId : INBOX_LIST_ID });
}

/** How the panel names the edit: its title or name as the user wrote it, made safe to show. */
export function editName(edit: RefusedEdit): string {
  if (!edit.document) return edit.id;
  return isList(edit.document) ? safeLine(edit.document.name, 'a list') : safeLine(edit.document.title, 'a task');
}

/** Where the actions write: a collection of the local database. */
export type EditTarget = { upsert(document: never): Promise<unknown>; insert(document: never): Promise<unknown> };

/** A document as RxDB takes it in a write: `_deleted` is RxDB's own ([W8]: writing over a tombstone revives it). */
function writable(document: Document): Document {
  const { _deleted: _ignored, ...content } = document;
  return content as Document;
}

/** [RJ6] Restores a kept edit on the device; the replication pushes it, and its record goes once that push is accepted. */
export async function restoreEdit(target: EditTarget, edit: RefusedEdit, at: string): Promise<void> {
  if (edit.document) await target.upsert(writable(restoredEdit(edit.document, at)) as never);
}

/** [RJ6] Copies a kept edit as a new document; the edit's own record is then dismissed by the caller. */
export async function copyEdit(target: EditTarget, edit: RefusedEdit, id: string, at: string, listExists: (listId: string) => boolean) {
  if (edit.document) await target.insert(writable(copiedEdit(edit.document, id, at, listExists)) as never);
}
