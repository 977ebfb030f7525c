import { z } from 'zod';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set on the answer to a retried create that found the task its first attempt made ([R10]). */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * [R10] The `Idempotency-Key` of `POST /api/tasks`: 1–128 characters of a UUID, ULID or base64
 * alphabet. A repeated header arrives joined with ", " and so is refused too.
 */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:~+/=-]{1,128}$/, '1-128 characters: letters, digits and _ . : ~ + / = -')
  .optional();

export const idempotencyHeadersSchema = z.object({ [IDEMPOTENCY_KEY_HEADER]: idempotencyKeySchema });
