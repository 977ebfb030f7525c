import path from 'node:path';
import { loadOrCreateDevSecrets } from './auth/dev-secrets';
import { ConfigError, configHelp, parseConfig, type Config } from './config';
import { createSentryReporter } from './logging/error-reporting';
import { createLogger, type Logger } from './logging/logger';
import { createRedisRateLimiters } from './rate-limit/redis-rate-limiter';
import { createRedisFanOut, type RedisFanOut } from './realtime/redis-adapter';
import { startServer } from './server';
import { createEmbeddedStore } from './store/embedded-store';
import { createMongoStore } from './store/mongo-store';
import type { Store } from './store/store';

/** Start-up waits for MongoDB (compose and Kubernetes start everything at once); liveness restarts a stuck pod. */
const MONGO_START_RETRY_MAX_MS = 10_000;

function jwtSecrets(config: Config): { accessSecret: string; refreshSecret: string } {
  if (config.jwtSecret && config.jwtRefreshSecret) {
    return { accessSecret: config.jwtSecret, refreshSecret: config.jwtRefreshSecret };
  }
  return loadOrCreateDevSecrets(config.dataDir);
}

async function openMongoStore(config: Config, url: string, logger: Logger): Promise<Store> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const store = await createMongoStore({
        url,
        maxPoolSize: config.mongodbMaxPoolSize,
        minPoolSize: config.mongodbMinPoolSize,
        serverSelectionTimeoutMs: config.mongodbServerSelectionTimeoutMs,
        socketTimeoutMs: config.mongodbSocketTimeoutMs,
        completedTaskTtlSeconds: config.mongodbCompletedTaskTtlSeconds,
      });
      logger.info({ attempt }, 'using the MongoDB store');
      return store;
    } catch (error) {
      const delayMs = Math.min(500 * 2 ** attempt, MONGO_START_RETRY_MAX_MS);
      logger.warn({ err: error, attempt, retryInMs: delayMs }, 'MongoDB is not reachable yet');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (config.mongodbUrl) return openMongoStore(config, config.mongodbUrl, logger);
  const dataDir = path.resolve(config.dataDir);
  logger.info({ dataDir }, 'using the embedded SQLite store');
  return createEmbeddedStore({ dataDir });
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${configHelp()}\n`);
    return;
  }
  const config = parseConfig(process.env);
  const onError = config.sentryDsn ? await createSentryReporter(config.sentryDsn, config.production ? 'production' : 'development') : undefined;
  const logger = createLogger(config.logLevel, onError ? { onError } : {});
  const store = await openStore(config, logger);
  const secrets = jwtSecrets(config);
  const fanOut: RedisFanOut | undefined = config.redisUrl
    ? createRedisFanOut({ url: config.redisUrl, sharded: config.redisSharded }, logger)
    : undefined;
  const sharedLimiters = config.redisUrl ? createRedisRateLimiters(config.redisUrl) : undefined;
  const server = await startServer({
    store,
    logger,
    tokens: { ...secrets, accessTtlSeconds: config.accessTokenTtlSeconds, refreshTtlSeconds: config.refreshTokenTtlSeconds },
    port: config.port,
    host: config.host,
    allowedOrigins: config.allowedOrigins,
    production: config.production,
    trustProxyHops: config.trustProxyHops,
    rateLimits: {
      authPerMinute: config.rateLimitAuthPerMinute,
      apiPerMinute: config.rateLimitApiPerMinute,
      socketPer10Seconds: config.rateLimitSocketPer10Seconds,
    },
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
  logger.info({ url: server.url }, 'Tasklane is running');
  process.stdout.write(`Tasklane is running on ${server.url}\n`);

  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down: finishing writes in flight');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n\nRun with --help to list the variables.\n`);
  } else {
    process.stderr.write(`Tasklane failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exit(1);
});
