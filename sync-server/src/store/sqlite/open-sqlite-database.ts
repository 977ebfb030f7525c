import Database from 'better-sqlite3';
import { applySqliteSchema } from './schema';

/** How long every statement waits for another process's lock, from the first statement on. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;
/** How long start-up keeps retrying a schema set-up that another process's lock refused. */
const SQLITE_START_UP_LOCK_WAIT_MS = 30_000;
const FIRST_RETRY_DELAY_MS = 50;
const MAX_RETRY_DELAY_MS = 1_000;

type StartUpLockRetry = { attempt: number; retryInMs: number; error: unknown };

export type OpenSqliteOptions = {
  /** Defaults to SQLITE_START_UP_LOCK_WAIT_MS. */
  startUpLockWaitMs?: number;
  /** Told of every retry, so that the caller can log it. */
  onStartUpLockRetry?: (retry: StartUpLockRetry) => void;
};

/**
 * SQLITE_BUSY, SQLITE_LOCKED and their extended codes (SQLITE_BUSY_RECOVERY, …): another connection's lock.
 * Read from `code`, never with `instanceof`: the native addon keeps the error class of the first copy of
 * better-sqlite3 loaded in the process, so another module registry or realm (jest) sees a different class.
 */
function isSqliteLockError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

/** Start-up has nothing else to do while it waits, and the store's factory is synchronous. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * [ST1] Opens the file with the busy timeout in force before the first statement, then applies the
 * schema, retrying with back-off while another process's lock refuses it: switching to WAL and
 * recovering a WAL left by a killed process can answer SQLITE_BUSY at once, without waiting.
 * Gives up with a clear error after `startUpLockWaitMs`; any other error is not retried.
 */
export function openSqliteDatabase(file: string, options: OpenSqliteOptions = {}): Database.Database {
  const waitMs = options.startUpLockWaitMs ?? SQLITE_START_UP_LOCK_WAIT_MS;
  const deadline = Date.now() + waitMs;
  const db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  for (let attempt = 1; ; attempt += 1) {
    try {
      applySqliteSchema(db);
      return db;
    } catch (error) {
      const locked = isSqliteLockError(error);
      const retryInMs = Math.min(FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS, deadline - Date.now());
      if (locked && retryInMs > 0) {
        options.onStartUpLockRetry?.({ attempt, retryInMs, error });
        sleepSync(retryInMs);
        continue;
      }
      db.close();
      throw locked
        ? new Error(`SQLite file ${file} stayed locked by another process for ${waitMs} ms at start-up`, { cause: error })
        : error;
    }
  }
}
