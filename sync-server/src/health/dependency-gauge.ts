import client from 'prom-client';
import type { ReadinessCheck } from './readiness-check';
import { runChecks } from './run-checks';

/**
 * `tasklane_dependency_up{dependency}` ([O10]): 1 while the dependency answers its readiness check, 0 while it
 * does not. The checks run at scrape time, so the value is as fresh as the scrape and needs no timer.
 */
export function registerDependencyGauge(registry: client.Registry, checks: ReadinessCheck[]): void {
  new client.Gauge({
    name: 'tasklane_dependency_up',
    help: 'Whether a dependency (store, redis) answers its readiness check: 1 up, 0 down',
    labelNames: ['dependency'] as const,
    registers: [registry],
    async collect() {
      for (const result of await runChecks(checks)) this.set({ dependency: result.name }, result.ok ? 1 : 0);
    },
  });
}
