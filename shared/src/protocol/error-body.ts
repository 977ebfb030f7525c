import { z } from 'zod';
import { ERROR_CODES } from './error-codes';

/** The one error shape: a socket acknowledgement's `error`, a REST error's `error`, a failed handshake's `data`. */
export const errorBodySchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  retryable: z.boolean(),
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
