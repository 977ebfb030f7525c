import { Router } from 'express';
import { APP_VERSION } from '../app-version';
import type { ReadinessCheck } from '../health/readiness-check';
import { runChecks } from '../health/run-checks';
import type { HealthResponse, ReadinessResponse } from './health-responses';

export function createHealthRoutes(checks: ReadinessCheck[], isShuttingDown: () => boolean): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok', version: APP_VERSION };
    res.status(200).json(body);
  });

  /** [O9]: 503 only for a failed required check (the store) or shutdown; a failed optional one (redis) is `degraded`. */
  router.get('/ready', async (_req, res) => {
    const results = await runChecks(checks);
    const failed = results.filter((result) => !result.ok && result.required).map((result) => result.name);
    const degraded = results.filter((result) => !result.ok && !result.required).map((result) => result.name);
    const reported: ReadinessResponse['checks'] = results.map(({ name, ok, error }) =>
      error === undefined ? { name, ok } : { name, ok, error },
    );
    if (isShuttingDown()) {
      reported.push({ name: 'shutdown', ok: false, error: 'the server is shutting down' });
      failed.push('shutdown');
    }
    const status = failed.length > 0 ? 'not_ready' : degraded.length > 0 ? 'degraded' : 'ready';
    const body: ReadinessResponse = { status, checks: reported, failed, degraded };
    res.status(failed.length === 0 ? 200 : 503).json(body);
  });

  return router;
}
