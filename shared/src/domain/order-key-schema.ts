import { z } from 'zod';
import { orderKeyProblem } from './order-key';

/** [DM16] An order key from an untrusted source: bounded, base-62, and structurally a fractional index. */
export const orderKeySchema = z.string().superRefine((value, context) => {
  const problem = orderKeyProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});
