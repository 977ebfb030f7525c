import {
  MongoBulkWriteError,
  MongoClientClosedError,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoWriteConcernError,
  type BulkWriteResult,
} from 'mongodb';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { isDuplicateKeyError, isMongoUnavailable, unavailableWhenDown } from './errors';

// The driver exports neither its pool's wait-queue error class nor its bulk write-concern error class
// (types only); these are the classes it throws.
/* eslint-disable @typescript-eslint/no-require-imports */
const { WaitQueueTimeoutError } = require('mongodb/lib/cmap/errors') as {
  WaitQueueTimeoutError: new (message: string, address: string) => Error;
};
const { WriteConcernError } = require('mongodb/lib/bulk/common') as {
  WriteConcernError: new (error: {
    code: number;
    errmsg: string;
    errInfo?: object;
  }) => ConstructorParameters<typeof MongoBulkWriteError>[0];
};
/* eslint-enable @typescript-eslint/no-require-imports */

const serverError = (code: number, codeName: string) => new MongoServerError({ message: codeName, code, codeName });
const noTopology = { error: undefined } as unknown as ConstructorParameters<typeof MongoServerSelectionError>[1];

describe('MongoDB errors become UNAVAILABLE when waiting can help ([MG2])', () => {
  const unavailable: [string, Error][] = [
    ['a pool wait-queue timeout', new WaitQueueTimeoutError('Timed out while checking out a connection from connection pool', 'db:27017')],
    ['a client-side operation timeout', new MongoOperationTimeoutError('Timed out during server selection')],
    ['no reachable primary (server selection)', new MongoServerSelectionError('Server selection timed out after 5000 ms', noTopology)],
    ['a socket timeout', new MongoNetworkTimeoutError('connection timed out')],
    ['a network error', new MongoNetworkError('connection reset')],
    ['a closed client (shutting down)', new MongoClientClosedError()],
    ['SnapshotUnavailable (246)', serverError(246, 'SnapshotUnavailable')],
    ['SnapshotTooOld (239)', serverError(239, 'SnapshotTooOld')],
    ['ReadConcernMajorityNotAvailableYet (134)', serverError(134, 'ReadConcernMajorityNotAvailableYet')],
    ['MaxTimeMSExpired (50)', serverError(50, 'MaxTimeMSExpired')],
    ['NotWritablePrimary (10107)', serverError(10107, 'NotWritablePrimary')],
    [
      'a transaction that kept meeting write conflicts ([MG1])',
      new MongoServerError({ message: 'WriteConflict', code: 112, codeName: 'WriteConflict', errorLabels: ['TransientTransactionError'] }),
    ],
    [
      'a write-concern timeout (wtimeout)',
      new MongoWriteConcernError({
        writeConcernError: {
          code: 64,
          codeName: 'WriteConcernFailed',
          errmsg: 'waiting for replication timed out',
          errInfo: { wtimeout: true },
        },
      } as unknown as ConstructorParameters<typeof MongoWriteConcernError>[0]),
    ],
    [
      'a write-concern timeout reported by an ordered bulkWrite',
      new MongoBulkWriteError(
        new WriteConcernError({ code: 64, errmsg: 'waiting for replication timed out', errInfo: { wtimeout: true } }),
        {} as BulkWriteResult,
      ),
    ],
  ];

  it.each(unavailable)('[MG2] %s is retryable UNAVAILABLE', async (_name, error) => {
    expect(isMongoUnavailable(error)).toBe(true);
    const mapped = await unavailableWhenDown(() => Promise.reject(error)).catch((caught: unknown) => caught);
    expect(mapped).toBeInstanceOf(ProtocolError);
    expect(mapped).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
  });

  const notUnavailable: [string, Error][] = [
    ['a duplicate key', serverError(11000, 'DuplicateKey')],
    ['an index conflict', serverError(85, 'IndexOptionsConflict')],
    ['a failed sign-in', serverError(18, 'AuthenticationFailed')],
    ['a programming error', new TypeError('undefined is not a function')],
  ];

  it.each(notUnavailable)('[MG2] %s passes through unchanged', async (_name, error) => {
    expect(isMongoUnavailable(error)).toBe(false);
    await expect(unavailableWhenDown(() => Promise.reject(error))).rejects.toBe(error);
  });

  it('[MG2] a duplicate key is recognised, also inside an ordered bulkWrite', () => {
    expect(isDuplicateKeyError(serverError(11000, 'DuplicateKey'))).toBe(true);
    const bulk = new MongoBulkWriteError({ message: 'E11000 duplicate key', code: 11000, writeErrors: [] }, {} as BulkWriteResult);
    expect(isDuplicateKeyError(bulk)).toBe(true);
    expect(isDuplicateKeyError(serverError(85, 'IndexOptionsConflict'))).toBe(false);
  });
});
