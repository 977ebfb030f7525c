import type { Task } from './task';
import type { TaskList } from './task-list';
import { codePointName, findUnsafeCharacter } from './unsafe-text';

export type TextField = 'title' | 'description' | 'tag' | 'checklist item' | 'name';
export type UnsafeText = { field: TextField; text: string; codePoint: number };

/** Every user text of a task or list, with its field and whether it may span lines (a description only). */
export function textsOf(document: Task | TaskList): { field: TextField; text: string }[] {
  if ('name' in document) return [{ field: 'name', text: document.name }];
  return [
    { field: 'title', text: document.title },
    { field: 'description', text: document.description },
    ...document.tags.map((text) => ({ field: 'tag' as const, text })),
    ...document.checklist.flatMap((item) => ('text' in item ? [{ field: 'checklist item' as const, text: item.text }] : [])),
  ];
}

/** [UC1] The texts of a document that hold an unsafe character, each with the first such character. */
export function unsafeTextsOf(document: Task | TaskList): UnsafeText[] {
  return textsOf(document).flatMap(({ field, text }) => {
    const found = findUnsafeCharacter(text, { multiline: field === 'description' });
    return found ? [{ field, text, codePoint: found.codePoint }] : [];
  });
}

/** [UC2] What a refusal says: the field and the character, never the text itself (which may be long, or spoof the reader). */
export function describeUnsafeText({ field, codePoint }: Pick<UnsafeText, 'field' | 'codePoint'>): string {
  const where = field === 'name' ? 'the list name' : `a ${field}`.replace(/^a (title|description)$/, 'the $1');
  return `${where} holds a control or bidi character (${codePointName(codePoint)}); remove it and save again`;
}
