import {
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
} from 'mongodb';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';

const DUPLICATE_KEY = 11000;

/** Server codes that mean "no usable primary right now" (elections, shutdown, time limits). */
const UNAVAILABLE_CODES = new Set([6, 7, 50, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** True when retrying later can succeed: the database, not the request, is the problem. */
export function isMongoUnavailable(error: unknown): boolean {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoOperationTimeoutError ||
    error instanceof MongoWriteConcernError
  ) {
    return true;
  }
  if (!(error instanceof MongoError)) return false;
  if (error.hasErrorLabel('RetryableWriteError') || error.hasErrorLabel('ResetPool')) return true;
  return typeof error.code === 'number' && UNAVAILABLE_CODES.has(error.code);
}

/** Runs a store operation; an unreachable database becomes the retryable UNAVAILABLE code. */
export async function unavailableWhenDown<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof ProtocolError || !isMongoUnavailable(error)) throw error;
    throw new ProtocolError('UNAVAILABLE', 'the database is unreachable; retry shortly', { retryAfterMs: 1000, cause: error });
  }
}
