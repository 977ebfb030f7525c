import type { RefusedEdit } from '../../sync/sync-problems';
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

/** [SC5] The rows' and the editor's "Couldn’t sync: …" texts, a refusal for want of access naming its list. */
export function problemTexts(
  problems: ReadonlyMap<string, string> | undefined,
  edits: ReadonlyMap<string, RefusedEdit>,
  names: ListNames,
): ReadonlyMap<string, string> | undefined {
  if (!problems?.size) return problems;
  const noAccess = [...edits].filter(([key, edit]) => isNoAccess(edit) && problems.has(key));
  if (noAccess.length === 0) return problems;
  const texts = new Map(problems);
  for (const [key, edit] of noAccess) texts.set(key, noAccessText(edit, names));
  return texts;
}
