import type { RefusedEdit } from '../../sync/sync-problems';
import { isRefusedAssignee, refusedAssigneeText, type AssigneeNames } from './refused-assignee';
import { safeLine } from './safe-text';

/** A list's name as the device knows it (held now, or last seen shared), or undefined. */
export type ListNames = (listId: string) => string | undefined;

/** [SC5] A refusal for want of access ([SH4]): the user may not (or no longer) write where the edit would go. */
export const isNoAccess = (edit: RefusedEdit): boolean => edit.code === 'FORBIDDEN';

/** [SC5] "no access to “Groceries”": the list the refused edit was written in, named as the user knew it. */
export function noAccessText(edit: RefusedEdit, names: ListNames): string {
  const document = edit.document;
  const listId = !document ? undefined : 'name' in document ? document.id : document.listId;
  const name = listId === undefined ? undefined : names(listId);
  return name ? `no access to “${safeLine(name, 'a shared list')}”` : 'no access to this shared list';
}

/**
 * [SC5] [SC7] A refusal the device words itself: for want of access, naming its list; of an assignee, naming the person
 * and the list. Undefined for any other refusal (the server's message is said).
 */
export function refusalText(edit: RefusedEdit, names: ListNames, assignees: AssigneeNames): string | undefined {
  if (isNoAccess(edit)) return noAccessText(edit, names);
  if (isRefusedAssignee(edit)) return refusedAssigneeText(edit, names, assignees);
  return undefined;
}

/** [SC5] [SC7] The rows' and the editor's "Couldn’t sync: …" texts, with the refusals the device words itself. */
export function problemTexts(
  problems: ReadonlyMap<string, string> | undefined,
  edits: ReadonlyMap<string, RefusedEdit>,
  names: ListNames,
  assignees: AssigneeNames = () => null,
): ReadonlyMap<string, string> | undefined {
  if (!problems?.size) return problems;
  const worded = [...edits].flatMap(([key, edit]) => {
    const text = problems.has(key) ? refusalText(edit, names, assignees) : undefined;
    return text === undefined ? [] : [[key, text] as const];
  });
  if (worded.length === 0) return problems;
  return new Map([...problems, ...worded]);
}
