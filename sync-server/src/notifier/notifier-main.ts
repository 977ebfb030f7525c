import path from 'node:path';
import client from 'prom-client';
import { loadOrCreateDevSecrets } from '../auth/dev-secrets';
import { ConfigError, parseConfig, type StoreConfig } from '../config';
import { createLogger, type Logger } from '../logging/logger';
import { startMetricsServer } from '../metrics/metrics-server';
import { notifierOptions } from '../push/reminders-start-up';
import { startNotifier } from '../push/server-reminders';
import { resolveVapidKeys } from '../push/vapid-keys';
import { createMongoStore } from '../store/mongo/mongo-store';
import { openMongoStoreWithRetry } from '../store/mongo/open-mongo-store';
import { createEmbeddedStore } from '../store/sqlite/embedded-store';
import type { Store } from '../store/store';

const SHUTDOWN_LIMIT_MS = 5000;

function openStore(config: StoreConfig, logger: Logger): Promise<Store> {
  if (config.engine === 'mongo') return openMongoStoreWithRetry(() => createMongoStore(config), logger);
  // The notifier's store calls are few and small: no worker thread.
  return Promise.resolve(createEmbeddedStore({ dataDir: path.resolve(config.dataDir) }));
}

/**
 * [NT14] `node sync-server/dist/notifier.js`: the notification service on its own (same image, same configuration as the
 * server, NOTIFIER ignored). Any number may run against one store; each delivery is claimed by one of them at a time.
 */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const logger = createLogger(config.log.level);
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const store = await openStore(config.store, logger);
  const { secrets } = config.tokens;
  const accessSecret = secrets.source === 'environment' ? secrets.accessSecret : loadOrCreateDevSecrets(secrets.dir).accessSecret;
  const vapid = resolveVapidKeys(config.reminders.vapid);
  const notifier = vapid
    ? startNotifier({
        store,
        vapid,
        accessSecret,
        production: config.http.production,
        endpointHosts: config.reminders.endpointHosts,
        registry,
        logger,
        options: notifierOptions(config.reminders),
      })
    : undefined;
  if (!notifier) logger.warn('no VAPID keys in production: the notifier sends nothing');
  const metricsServer = await startMetricsServer(registry, { port: config.http.metricsPort, host: config.http.host });
  logger.info({ metricsUrl: `${metricsServer.url}/metrics` }, 'Tasklane notifier is running');
  process.stdout.write(`Tasklane notifier is running; metrics on ${metricsServer.url}/metrics\n`);

  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'notifier shutting down: finishing sends in flight');
    setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
    (async () => {
      await notifier?.close();
      await store.close();
      await metricsServer.close();
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'notifier shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`Tasklane notifier failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
