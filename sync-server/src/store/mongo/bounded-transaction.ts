import { MongoError, MongoServerError, type ClientSession } from 'mongodb';

/** How often a transaction runs again after a transient error (a write conflict, an election) before its caller is told. */
const MAX_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 5;
const BACKOFF_CAP_MS = 200;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const backoff = (attempt: number) => Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
const labelled = (error: unknown, label: string) => error instanceof MongoError && error.hasErrorLabel(label);
const MAX_TIME_MS_EXPIRED = 50;
const isMaxTimeExpired = (error: unknown) =>
  error instanceof MongoServerError &&
  (error.code === MAX_TIME_MS_EXPIRED || (error.writeConcernError as { code?: number } | undefined)?.code === MAX_TIME_MS_EXPIRED);

/**
 * [MG1] A multi-document transaction whose every wait is bounded. The driver's `withTransaction` retries a transient
 * error or an unknown commit result for up to 120 seconds, and a commit waiting for a majority past `wtimeout` counts as
 * unknown; here a transaction runs at most five times, its commit is bounded by `maxCommitTimeMS` (no larger than the
 * write concern's `wtimeout`), and whatever is left is the caller's error — which [MG2] maps to UNAVAILABLE when the
 * database is the problem. `body` may run several times: it builds its result afresh each time. An error that is not
 * MongoDB's (a refusal, HeadNotReady) aborts the transaction and is thrown as it is.
 */
export async function inBoundedTransaction<T>(session: ClientSession, maxCommitTimeMS: number, body: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    // The commit carries the client's majority, journaled, bounded write concern.
    session.startTransaction({ readConcern: { level: 'snapshot' }, maxCommitTimeMS });
    let value: T;
    try {
      value = await body();
    } catch (error) {
      if (session.inTransaction()) await session.abortTransaction().catch(() => undefined);
      if (labelled(error, 'TransientTransactionError') && attempt < MAX_ATTEMPTS) {
        await sleep(backoff(attempt));
        continue;
      }
      throw error;
    }
    const committed = await commit(session);
    if (committed === 'done') return value;
    if (attempt === MAX_ATTEMPTS) throw committed.error;
    await sleep(backoff(attempt));
  }
}

/** Commits; a transient failure asks for the whole transaction again, an unknown result is retried a few times. */
async function commit(session: ClientSession): Promise<'done' | { error: unknown }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await session.commitTransaction();
      return 'done';
    } catch (error) {
      if (labelled(error, 'TransientTransactionError')) return { error };
      // A commit past its time limit is not retried: that is the bound.
      if (!labelled(error, 'UnknownTransactionCommitResult') || isMaxTimeExpired(error) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
