import path from 'node:path';
import { loadOrCreateDevSecrets } from './auth/dev-secrets';
import { ConfigError, configHelp, parseConfig, type Config } from './config';
import { createLogger, type Logger } from './logging/logger';
import { startServer } from './server';
import { createEmbeddedStore } from './store/embedded-store';
import type { Store } from './store/store';

function jwtSecrets(config: Config): { accessSecret: string; refreshSecret: string } {
  if (config.jwtSecret && config.jwtRefreshSecret) {
    return { accessSecret: config.jwtSecret, refreshSecret: config.jwtRefreshSecret };
  }
  return loadOrCreateDevSecrets(config.dataDir);
}

async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (config.mongodbUrl) {
    throw new ConfigError(['MONGODB_URL is set, but this build has no MongoDB store yet']);
  }
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
  const logger = createLogger(config.logLevel);
  const store = await openStore(config, logger);
  const secrets = jwtSecrets(config);
  const server = await startServer({
    store,
    logger,
    tokens: { ...secrets, accessTtlSeconds: config.accessTokenTtlSeconds, refreshTtlSeconds: config.refreshTokenTtlSeconds },
    port: config.port,
    host: config.host,
    allowedOrigins: config.allowedOrigins,
    clientDistDir: path.resolve(__dirname, '../../client/dist'),
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
