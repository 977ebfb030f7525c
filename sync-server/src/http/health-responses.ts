import { z } from 'zod';

/** `GET /health`: the process runs, and which release it is. */
export const healthResponseSchema = z.strictObject({
  status: z.literal('ok'),
  version: z.string().min(1),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

const readinessResultSchema = z.strictObject({
  name: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
});

/** `GET /ready`: 200 `ready` when every check passed, 503 `not_ready` naming the ones that failed. */
export const readinessResponseSchema = z.strictObject({
  status: z.enum(['ready', 'not_ready']),
  checks: z.array(readinessResultSchema),
  failed: z.array(z.string()),
});
export type ReadinessResponse = z.infer<typeof readinessResponseSchema>;
