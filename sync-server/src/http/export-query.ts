import { z } from 'zod';

/** Query of `GET /api/export` ([EX1], [EX2]): the whole account as JSON (the default) or its tasks as CSV. */
export const exportQuerySchema = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
});
