import { z } from 'zod';

const countSchema = z.number().int().nonnegative();

/**
 * The answer of `POST /api/import` ([EX5]): how many imported documents were written as new, written over an
 * existing one (merged), or left as they were because the account already held that content.
 */
export const importResultSchema = z.strictObject({
  created: countSchema,
  updated: countSchema,
  unchanged: countSchema,
});
export type ImportResult = z.infer<typeof importResultSchema>;
