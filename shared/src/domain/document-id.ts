import { TASK_LIMITS } from './task-fields';

/** The characters a document id may hold. */
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const DOCUMENT_ID_CHARACTERS_MESSAGE = 'id may contain only letters, digits, "-" and "_"';

/** Why `id` cannot be the id of a replicated document ([X1]), or `null` when it can. */
export function documentIdProblem(id: string): string | null {
  if (id.length < 1 || id.length > TASK_LIMITS.idMaxLength) return `must be 1–${TASK_LIMITS.idMaxLength} characters`;
  return DOCUMENT_ID_PATTERN.test(id) ? null : DOCUMENT_ID_CHARACTERS_MESSAGE;
}
