import { z } from 'zod';
import { errorBodySchema, type ErrorBody } from './error-body';

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckCallback<T> = (ack: Ack<T>) => void;

/** The acknowledgement of a client → server event whose successful answer is `data`. */
export function ackSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), data }),
    z.strictObject({ ok: z.literal(false), error: errorBodySchema }),
  ]);
}
