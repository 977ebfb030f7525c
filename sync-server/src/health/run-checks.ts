import type { ReadinessCheck } from './readiness-check';

const CHECK_TIMEOUT_MS = 2000;

export type CheckResult = { name: string; ok: boolean; required: boolean; error?: string };

function withTimeout(promise: Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** Runs every check at once, each bounded by 2 s; never throws. */
export function runChecks(checks: ReadinessCheck[]): Promise<CheckResult[]> {
  return Promise.all(
    checks.map(async ({ name, check, required = true }) => {
      try {
        await withTimeout(check());
        return { name, ok: true, required };
      } catch (error) {
        return { name, ok: false, required, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}
