import type { Store } from '../store';
import { isTransientStartUpError, MongoStartUpError } from './mongo-start-up';

/** Start-up waits for MongoDB (compose and Kubernetes start everything at once); liveness restarts a stuck pod. */
const RETRY_MAX_MS = 10_000;

export type StartUpLogger = {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
};

/**
 * [MG5] Opens the MongoDB store, retrying with back-off while MongoDB is not reachable
 * yet. Anything waiting cannot heal fails at once as a `MongoStartUpError` naming the reason.
 */
export async function openMongoStoreWithRetry(
  open: () => Promise<Store>,
  logger: StartUpLogger,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<Store> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const store = await open();
      logger.info({ attempt }, 'using the MongoDB store');
      return store;
    } catch (error) {
      if (!isTransientStartUpError(error)) {
        if (error instanceof MongoStartUpError) throw error;
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new MongoStartUpError(`MongoDB cannot be used, and retrying will not help: ${reason}`, { cause: error });
      }
      const delayMs = Math.min(500 * 2 ** attempt, RETRY_MAX_MS);
      logger.warn({ err: error, attempt, retryInMs: delayMs }, 'MongoDB is not reachable yet');
      await sleep(delayMs);
    }
  }
}
