import {
  MongoBulkWriteError,
  MongoClientClosedError,
  MongoDriverError,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoStalePrimaryError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
} from 'mongodb';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';

const DUPLICATE_KEY = 11000;

/**
 * [MG2] Server codes that mean "no usable primary or majority right now": elections, shutdown,
 * time limits (50 MaxTimeMSExpired, 64 WriteConcernFailed on `wtimeout`, 202, 262), and the
 * snapshot reads of a pull (134 ReadConcernMajorityNotAvailableYet, 239 SnapshotTooOld,
 * 246 SnapshotUnavailable). Retrying later can succeed; the request itself is fine.
 */
const UNAVAILABLE_CODES = new Set([6, 7, 50, 64, 89, 91, 134, 189, 202, 239, 246, 262, 9001, 10058, 10107, 11600, 11602, 13435, 13436]);

/** The pool's wait-queue timeout; the driver does not export its class, only this name. */
const WAIT_QUEUE_TIMEOUT = 'MongoWaitQueueTimeoutError';

export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** True when retrying later can succeed: the database, not the request, is the problem ([MG2]). */
export function isMongoUnavailable(error: unknown): boolean {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoClientClosedError ||
    error instanceof MongoServerClosedError ||
    error instanceof MongoStalePrimaryError ||
    error instanceof MongoOperationTimeoutError ||
    error instanceof MongoWriteConcernError ||
    (error instanceof MongoDriverError && error.name === WAIT_QUEUE_TIMEOUT)
  ) {
    return true;
  }
  // An ordered bulkWrite reports a write-concern timeout as a bulk error carrying it.
  if (error instanceof MongoBulkWriteError && error.err !== undefined) return true;
  if (!(error instanceof MongoError)) return false;
  // A transaction that kept meeting write conflicts or an election ([MG1]: bounded retries) may succeed later.
  if (error.hasErrorLabel('RetryableWriteError') || error.hasErrorLabel('ResetPool') || error.hasErrorLabel('TransientTransactionError'))
    return true;
  return typeof error.code === 'number' && UNAVAILABLE_CODES.has(error.code);
}

/**
 * Runs a store operation; an unreachable or overloaded database becomes the retryable UNAVAILABLE
 * code. A write may have been applied before a write-concern timeout; retrying a push is idempotent.
 */
export async function unavailableWhenDown<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof ProtocolError || !isMongoUnavailable(error)) throw error;
    throw new ProtocolError('UNAVAILABLE', 'the database is unreachable or too slow; retry shortly', { retryAfterMs: 1000, cause: error });
  }
}
