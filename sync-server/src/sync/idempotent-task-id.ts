import { createHash } from 'node:crypto';

/** Tasklane's namespace for name-based task ids; never change it, or retries stop finding their tasks. */
const TASK_ID_NAMESPACE = Buffer.from('3f0f8a52c1a94c4f9e6c7d2b1a5e8c40', 'hex');

/**
 * [R10] The id of the task a `POST /api/tasks` with this `Idempotency-Key` creates: a UUID v5
 * (RFC 9562) of the user and the key, so a retry of the same request finds the same task, and the
 * same key of two users names two unrelated ids.
 */
export function taskIdForIdempotencyKey(userId: string, key: string): string {
  const hash = createHash('sha1').update(TASK_ID_NAMESPACE).update(`${userId}\n${key}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
