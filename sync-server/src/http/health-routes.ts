import { Router } from 'express';
import { APP_VERSION } from '../app-version';
import type { ReadinessCheck } from '../health/readiness-check';
import type { HealthResponse, ReadinessResponse } from './health-responses';

const CHECK_TIMEOUT_MS = 2000;

function withTimeout(promise: Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

export function createHealthRoutes(checks: ReadinessCheck[], isShuttingDown: () => boolean): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok', version: APP_VERSION };
    res.status(200).json(body);
  });

  router.get('/ready', async (_req, res) => {
    const results: ReadinessResponse['checks'] = await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check());
          return { name, ok: true };
        } catch (error) {
          return { name, ok: false, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    if (isShuttingDown()) results.push({ name: 'shutdown', ok: false, error: 'the server is shutting down' });
    const failed = results.filter((result) => !result.ok);
    const body: ReadinessResponse = {
      status: failed.length === 0 ? 'ready' : 'not_ready',
      checks: results,
      failed: failed.map((result) => result.name),
    };
    res.status(failed.length === 0 ? 200 : 503).json(body);
  });

  return router;
}
