import type { PasswordHasherOptions } from '@tasklane/sync-server/src/auth/password-hasher';
import type { HttpConfig } from '@tasklane/sync-server/src/config';
import { startServer, type RunningServer, type ServerDeps } from '@tasklane/sync-server/src/server';
import { createEmbeddedStore } from '@tasklane/sync-server/src/store/sqlite/embedded-store';
import type { Store } from '@tasklane/sync-server/src/store/store';
import { makeTempDir } from './temp-dir';
import { createCapturingLogger } from './test-logger';

/** Cheap scrypt for tests only: production uses DEFAULT_SCRYPT_OPTIONS. */
export const FAST_PASSWORD_HASHING: PasswordHasherOptions = { cost: 2 ** 10, blockSize: 8, parallelization: 1 };

export const TEST_TOKEN_SECRETS = {
  accessSecret: 'test-access-secret-0123456789-abcdefghijklmnop',
  refreshSecret: 'test-refresh-secret-0123456789-abcdefghijklmnop',
};

/** Limits high enough that ordinary tests never meet them; rate-limit tests pass their own. */
export const GENEROUS_RATE_LIMITS = { authPerMinute: 100_000, apiPerMinute: 100_000, socketPer10Seconds: 100_000 };

export type TestServer = RunningServer & { store: Store; logLines: string[]; dataDir: string };

export type TestServerOverrides = Partial<Omit<ServerDeps, 'http'>> & { http?: Partial<HttpConfig> };

/** A real server on 127.0.0.1 port 0 over a fresh embedded store (or the store given). */
export async function startTestServer({ http, ...overrides }: TestServerOverrides = {}): Promise<TestServer> {
  const temp = makeTempDir('server');
  const store = overrides.store ?? createEmbeddedStore({ dataDir: temp.dir });
  const { logger, lines } = createCapturingLogger();
  const server = await startServer({
    store,
    logger,
    tokens: { ...TEST_TOKEN_SECRETS, accessTtlSeconds: 900, refreshTtlSeconds: 3600 },
    http: { port: 0, metricsPort: 0, host: '127.0.0.1', allowedOrigins: [], production: false, trustProxyHops: 0, ...http },
    passwordHashing: FAST_PASSWORD_HASHING,
    rateLimits: GENEROUS_RATE_LIMITS,
    ...overrides,
  });
  return {
    ...server,
    url: `http://127.0.0.1:${server.port}`,
    metricsUrl: server.metricsUrl.replace('localhost', '127.0.0.1'),
    store,
    logLines: lines,
    dataDir: temp.dir,
    async close() {
      await server.close();
      temp.remove();
    },
  };
}
