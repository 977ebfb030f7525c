import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { canonicalTagSet } from '@tasklane/shared/domain/task-tags';
import { stripUnsafeCharacters } from '@tasklane/shared/domain/unsafe-text';
import { canonicalTaskState } from '@tasklane/shared/sync/canonical-task';

/** One line of text as the app would have written it: unsafe characters dropped, and never empty. */
export const safeLine = (text: string, fallback: string) => stripUnsafeCharacters(text).trim() || fallback;

/** [UC3] A task as the app would have written it: its texts without unsafe characters, so the server does not refuse it for them. */
export function taskWithSafeText<T extends Task>(task: T): T {
  return canonicalTaskState({
    ...task,
    title: safeLine(task.title, 'Untitled task'),
    description: stripUnsafeCharacters(task.description, { multiline: true }),
    tags: canonicalTagSet(task.tags.map((tag) => stripUnsafeCharacters(tag).trim()).filter((tag) => tag.length > 0)),
    checklist: task.checklist.map((item) => ('text' in item ? { ...item, text: safeLine(item.text, 'Untitled item') } : item)),
  });
}

/** [UC3] A list as the app would have written it. */
export function listWithSafeText<L extends TaskList>(list: L): L {
  return { ...list, name: safeLine(list.name, 'Untitled list') };
}
