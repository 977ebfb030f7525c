import path from 'node:path';
import type { TokenConfig } from './auth/token-issuer';
import { ConfigError, configHelp, parseConfig, type TokensConfig } from './config';
import { createSentryReporter } from './logging/error-reporting';
import { createLogger } from './logging/logger';
import { createRedisRateLimiters } from './rate-limit/redis-rate-limiter';
import { createRedisFanOut } from './realtime/redis-adapter';
import { serverReminders } from './push/reminders-start-up';
import { startServer } from './server';
import { openStore, tokenSecrets } from './start-up';
import { MongoStartUpError } from './store/mongo/mongo-start-up';

/** [O6]: `close` is bounded well below this; should it ever hang (a store that never closes), exit anyway. */
const SHUTDOWN_LIMIT_MS = 5000;

type ListenError = Error & { code: 'EADDRINUSE'; address: string; port: number };

function isAddressInUse(error: unknown): error is ListenError {
  return error instanceof Error && (error as Partial<ListenError>).code === 'EADDRINUSE';
}

function tokenConfig({ secrets, accessTtlSeconds, refreshTtlSeconds, refreshFamilyMaxAgeSeconds }: TokensConfig): TokenConfig {
  return { ...tokenSecrets(secrets), accessTtlSeconds, refreshTtlSeconds, refreshFamilyMaxAgeSeconds };
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${configHelp()}\n`);
    return;
  }
  const config = parseConfig(process.env);
  const onError = config.log.sentry ? await createSentryReporter(config.log.sentry.dsn, config.log.sentry.environment) : undefined;
  const logger = createLogger(config.log.level, onError ? { onError } : {});
  // Until the server runs there is nothing to drain.
  const storeStopped = { handle: (): void => process.exit(1) };
  const store = await openStore(config.store, logger, () => storeStopped.handle());
  const fanOut = config.redis ? createRedisFanOut(config.redis, logger) : undefined;
  const sharedLimiters = config.redis ? createRedisRateLimiters(config.redis.url) : undefined;
  const server = await startServer({
    store,
    logger,
    http: config.http,
    tokens: tokenConfig(config.tokens),
    passwordHashing: config.passwordHashing,
    rateLimits: config.rateLimits,
    socketLimits: config.socketLimits,
    email: config.email,
    reminders: serverReminders(config.reminders, logger),
    graphql: { introspection: config.graphql.introspection, ...(config.redis ? { redisUrl: config.redis.url } : {}) },
    clientDistDir: path.resolve(__dirname, '../../client/dist'),
    ...(sharedLimiters ? { rateLimiterFactory: sharedLimiters.factory } : {}),
    ...(fanOut
      ? {
          socketAdapter: fanOut.adapter,
          extraReadinessChecks: [fanOut.readinessCheck],
          onClose: async () => {
            sharedLimiters?.close();
            await fanOut.close();
          },
        }
      : {}),
  });
  const running = { url: server.url, metricsUrl: `${server.metricsUrl}/metrics` };
  if (config.http.production) {
    // [LG4] stdout holds JSON lines only; where the server listens is announced whatever LOG_LEVEL says.
    process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: 'Tasklane is running', ...running })}\n`);
  } else {
    logger.info(running, 'Tasklane is running');
    process.stdout.write(`Prometheus metrics on ${running.metricsUrl}\nTasklane is running on ${running.url}\n`);
  }

  const shutdown = (signal: NodeJS.Signals | 'store stopped', exitCode = 0) => {
    logger.info({ signal }, 'shutting down: finishing writes in flight');
    setTimeout(() => {
      logger.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    server.close().then(
      () => process.exit(exitCode),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  storeStopped.handle = () => shutdown('store stopped', 1);
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n\nRun with --help to list the variables.\n`);
  } else if (error instanceof MongoStartUpError) {
    process.stderr.write(`Tasklane failed to start: ${error.message}\n`);
  } else if (isAddressInUse(error)) {
    process.stderr.write(
      `Tasklane failed to start: port ${error.port} on ${error.address} is already in use. ` +
        'Each process on a host needs its own PORT and METRICS_PORT (0 picks a free one).\n',
    );
  } else {
    process.stderr.write(`Tasklane failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exit(1);
});
