import { MongoNetworkError, MongoParseError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import type { Store } from '../store';
import { helloProblems, isTransientStartUpError, MongoStartUpError } from './mongo-start-up';
import { openMongoStoreWithRetry } from './open-mongo-store';

const noTopology = { error: undefined } as unknown as ConstructorParameters<typeof MongoServerSelectionError>[1];
const quietLogger = { info: () => undefined, warn: () => undefined };

describe('MongoDB start-up checks ([MG5])', () => {
  it('[MG5] a replica set member (or a mongos) on MongoDB 5.0 or later passes the hello check', () => {
    expect(helloProblems({ setName: 'rs0', maxWireVersion: 21 })).toEqual([]);
    expect(helloProblems({ msg: 'isdbgrid', maxWireVersion: 13 })).toEqual([]);
  });

  it('[MG5] a standalone server and a server older than 5.0 are refused, each with what to do', () => {
    const [standalone] = helloProblems({ maxWireVersion: 21 });
    expect(standalone).toMatch(/not a replica set member.*--replSet.*rs\.initiate\(\).*replicaSet=/);
    const [tooOld] = helloProblems({ setName: 'rs0', maxWireVersion: 9 });
    expect(tooOld).toMatch(/MongoDB 5\.0 or later.*wire version 9/);
  });

  it('[MG5] only what waiting can heal is retried at start-up', () => {
    expect(isTransientStartUpError(new MongoServerSelectionError('Server selection timed out', noTopology))).toBe(true);
    expect(isTransientStartUpError(new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'))).toBe(true);
    expect(isTransientStartUpError(Object.assign(new Error('getaddrinfo EAI_AGAIN mongo'), { code: 'EAI_AGAIN' }))).toBe(true);
    expect(isTransientStartUpError(new MongoServerError({ message: 'Authentication failed.', code: 18 }))).toBe(false);
    expect(isTransientStartUpError(new MongoServerError({ message: 'Index with name: tasks_text already exists', code: 85 }))).toBe(false);
    expect(isTransientStartUpError(new MongoParseError('option authmechanism is not supported'))).toBe(false);
    expect(isTransientStartUpError(new MongoStartUpError('MongoDB is a standalone server'))).toBe(false);
  });

  it('[MG5] start-up retries an unreachable MongoDB, then opens the store', async () => {
    const store = {} as Store;
    const failures = [new MongoServerSelectionError('Server selection timed out', noTopology), new MongoNetworkError('ECONNREFUSED')];
    const waits: number[] = [];
    const opened = await openMongoStoreWithRetry(
      () => {
        const failure = failures.shift();
        return failure ? Promise.reject(failure) : Promise.resolve(store);
      },
      quietLogger,
      (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    );
    expect(opened).toBe(store);
    expect(waits).toHaveLength(2);
  });

  it('[MG5] a non-transient start-up error ends start-up at once with the reason, not as "not reachable"', async () => {
    let attempts = 0;
    const indexConflict = new MongoServerError({ message: 'An equivalent index already exists with a different name', code: 85 });
    const failed = openMongoStoreWithRetry(
      () => {
        attempts += 1;
        return Promise.reject(indexConflict);
      },
      quietLogger,
      () => Promise.reject(new Error('must not wait')),
    );
    await expect(failed).rejects.toThrow(MongoStartUpError);
    await expect(failed).rejects.toThrow(/retrying will not help: MongoServerError: An equivalent index already exists/);
    expect(attempts).toBe(1);
  });
});
