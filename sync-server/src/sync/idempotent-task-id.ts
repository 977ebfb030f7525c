import { createHash } from 'node:crypto';

/** Tasklane's namespace for name-based document ids; never change it, or retries stop finding their documents. */
const TASK_ID_NAMESPACE = Buffer.from('3f0f8a52c1a94c4f9e6c7d2b1a5e8c40', 'hex');

/** A UUID v5 (RFC 9562) of `name` in Tasklane's namespace. */
function nameBasedId(name: string): string {
  const hash = createHash('sha1').update(TASK_ID_NAMESPACE).update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * [R10] The id of the task a `POST /api/tasks` with this `Idempotency-Key` creates: a UUID v5
 * (RFC 9562) of the user and the key, so a retry of the same request finds the same task, and the
 * same key of two users names two unrelated ids.
 */
export function taskIdForIdempotencyKey(userId: string, key: string): string {
  return nameBasedId(`${userId}\n${key}`);
}

/** [LR9] The id of the list a `POST /api/lists` with this `Idempotency-Key` creates; never a task's id for the same key. */
export function listIdForIdempotencyKey(userId: string, key: string): string {
  return nameBasedId(`list\n${userId}\n${key}`);
}

/**
 * [LR5] The id of the `index`th checklist item a keyed request adds without an id: the same on every retry, so a
 * retried request finds the items its first attempt added instead of adding them again.
 */
export function checklistItemIdFor(userId: string, key: string, index: number): string {
  return nameBasedId(`checklist\n${userId}\n${key}\n${index}`);
}
