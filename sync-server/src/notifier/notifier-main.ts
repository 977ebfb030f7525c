import client from 'prom-client';
import { ConfigError, parseConfig, type StoreConfig } from '../config';
import { createLogger } from '../logging/logger';
import { startMetricsServer } from '../metrics/metrics-server';
import { notifierOptions } from '../push/reminders-start-up';
import { startNotifier } from '../push/server-reminders';
import { resolveVapidKeys } from '../push/vapid-keys';
import { openStore, tokenSecrets } from '../start-up';

const SHUTDOWN_LIMIT_MS = 5000;

/** The notifier's store calls are few and small: no worker thread, whatever the server's configuration says. */
function mainThreadStore(config: StoreConfig): StoreConfig {
  return config.engine === 'sqlite' ? { ...config, workerThread: false } : config;
}

/**
 * [NT14] `node sync-server/dist/notifier.js`: the notification service on its own (same image, same configuration as the
 * server, NOTIFIER ignored). Any number may run against one store; each delivery is claimed by one of them at a time.
 */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const logger = createLogger(config.log.level, { service: 'tasklane-notifier' });
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  // Without a worker thread the store never stops on its own.
  const store = await openStore(mainThreadStore(config.store), logger, () => process.exit(1));
  const { accessSecret } = tokenSecrets(config.tokens.secrets);
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
