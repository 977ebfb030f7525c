import path from 'node:path';
import { loadOrCreateDevSecrets } from './auth/dev-secrets';
import type { StoreConfig, TokensConfig } from './config';
import type { Logger } from './logging/logger';
import { createMongoStore } from './store/mongo/mongo-store';
import { openMongoStoreWithRetry } from './store/mongo/open-mongo-store';
import { createEmbeddedStore, type EmbeddedStoreHooks } from './store/sqlite/embedded-store';
import type { Store } from './store/store';
import { openWorkerStore } from './store/worker/worker-store';

/** The JWT secrets as configured, or (development only) generated once and kept in DATA_DIR. */
export function tokenSecrets(secrets: TokensConfig['secrets']): { accessSecret: string; refreshSecret: string } {
  const { accessSecret, refreshSecret } = secrets.source === 'environment' ? secrets : loadOrCreateDevSecrets(secrets.dir);
  return { accessSecret, refreshSecret };
}

/** The configured store, for the server (`main.ts`) and the notifier on its own (`notifier/notifier-main.ts`). */
export async function openStore(config: StoreConfig, logger: Logger, onStoreStopped: () => void): Promise<Store> {
  // [MG5] Waits while MongoDB is unreachable; anything else (a standalone server, a failed sign-in, an index conflict) ends start-up.
  if (config.engine === 'mongo') return openMongoStoreWithRetry(() => createMongoStore(config), logger);
  const dataDir = path.resolve(config.dataDir);
  const onStartUpLockRetry: EmbeddedStoreHooks['onStartUpLockRetry'] = ({ attempt, retryInMs, error }) =>
    logger.warn({ err: error, attempt, retryInMs }, 'the SQLite file is locked by another process; retrying');
  if (!config.workerThread) {
    logger.info({ dataDir }, 'using the embedded SQLite store');
    return createEmbeddedStore({ dataDir }, { onStartUpLockRetry });
  }
  logger.info({ dataDir }, 'using the embedded SQLite store in a worker thread');
  return openWorkerStore(
    { dataDir },
    {
      onStartUpLockRetry,
      // [WT5] Every store call now fails and /ready is 503: shut down, so that the supervisor starts the server again.
      onCrash: (error) => {
        logger.error({ err: error.cause }, 'the SQLite store worker thread stopped; shutting down');
        onStoreStopped();
      },
    },
  );
}
