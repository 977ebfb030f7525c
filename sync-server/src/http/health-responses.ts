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

/**
 * `GET /ready` ([O9]): 200 `ready` when every check passed; 200 `degraded` when only optional dependencies
 * (redis) failed, named in `degraded`; 503 `not_ready` naming in `failed` the required checks (store, shutdown) that failed.
 */
export const readinessResponseSchema = z.strictObject({
  status: z.enum(['ready', 'degraded', 'not_ready']),
  checks: z.array(readinessResultSchema),
  failed: z.array(z.string()),
  degraded: z.array(z.string()),
});
export type ReadinessResponse = z.infer<typeof readinessResponseSchema>;
