import { z } from 'zod';
import { DOCUMENT_ID_CHARACTERS_MESSAGE, DOCUMENT_ID_PATTERN } from './document-id';
import { TASK_LIMITS } from './task-fields';

/** The id of a replicated document (task, list, checklist item): unique per user, never reused ([X1]). */
export const documentIdSchema = z.string().min(1).max(TASK_LIMITS.idMaxLength).regex(DOCUMENT_ID_PATTERN, DOCUMENT_ID_CHARACTERS_MESSAGE);
