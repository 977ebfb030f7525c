import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type { TaskV1 } from '@tasklane/shared/domain/task-upgrade';
import { COLLECTION_NAMES } from '../../src/store/mongo/collections';
import { fillMongoDueKeys } from '../../src/store/mongo/due-key-fill';
import { createMongoStore, type MongoStoreConfig, type MongoStoreHooks } from '../../src/store/mongo/mongo-store';
import { searchPrefixes } from '../../src/store/mongo/search';
import type { StoreFactory } from '../../src/store/store-contract';
import type { FaultTestDatabase } from '../../src/store/store-fault-contract';
import type { Store } from '../../src/store/store';

/** Why Mongo-backed tests did not run, or null when MONGODB_URL is set. */
export function mongoSkipReason(): string | null {
  return process.env.MONGODB_URL ? null : 'set MONGODB_URL to run against a real mongod';
}

function uniqueDatabaseName(): string {
  return `tasklane_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/** The server's defaults ([MG1]), on a given database. */
export function mongoTestConfig(url: string, databaseName: string, overrides: Partial<MongoStoreConfig> = {}): MongoStoreConfig {
  return {
    url,
    databaseName,
    maxPoolSize: 20,
    minPoolSize: 0,
    serverSelectionTimeoutMs: 5000,
    waitQueueTimeoutMs: 5000,
    writeConcernTimeoutMs: 5000,
    operationTimeoutMs: 5000,
    socketTimeoutMs: 30_000,
    ...overrides,
  };
}

async function dropDatabase(url: string, databaseName: string, overrides: Partial<MongoStoreConfig>): Promise<void> {
  const admin = new MongoClient(url, { serverSelectionTimeoutMS: 5000, ...overrides.driverOptions });
  try {
    await admin.db(databaseName).dropDatabase();
  } finally {
    await admin.close();
  }
}

/**
 * [LS4] A task as a release before data model v2 stored it (a version-1 document with the fields the server kept
 * beside it, and the user's head at least at its seq), then the due-key fill this release's start-up runs ([LS9]).
 */
async function writeVersion1Task(url: string, databaseName: string, userId: string, task: TaskV1, seq: number): Promise<void> {
  const raw = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try {
    const db = raw.db(databaseName);
    await db
      .collection(COLLECTION_NAMES.tasks)
      .insertOne({ ...task, seq, userId, searchPrefixes: searchPrefixes(task.title, task.description) });
    await db
      .collection(COLLECTION_NAMES.seqHeads)
      .updateOne({ userId }, { $max: { seq }, $setOnInsert: { pending: [], claimId: null, leaseExpiresAt: null } }, { upsert: true });
    await fillMongoDueKeys(db);
  } finally {
    await raw.close();
  }
}

/** A MongoStore on a fresh, uniquely named database that cleanup drops. */
export function mongoStoreFactory(url: string, overrides: Partial<MongoStoreConfig> = {}): StoreFactory {
  return async () => {
    const databaseName = uniqueDatabaseName();
    const store = await createMongoStore(mongoTestConfig(url, databaseName, overrides));
    return {
      store,
      reopen: () => createMongoStore(mongoTestConfig(url, databaseName, overrides)),
      writeVersion1Task: (userId, task, seq) => writeVersion1Task(url, databaseName, userId, task, seq),
      cleanup: async () => {
        await store.close();
        await dropDatabase(url, databaseName, overrides);
      },
    };
  };
}

/** Several MongoStores (server instances) on one fresh database, for the fault contract. */
export function mongoFaultDatabase(url: string, hooks: Omit<MongoStoreHooks, 'faults'> = {}): () => Promise<FaultTestDatabase> {
  return () => {
    const databaseName = uniqueDatabaseName();
    const opened: Store[] = [];
    return Promise.resolve({
      async open(faults) {
        const store = await createMongoStore(mongoTestConfig(url, databaseName), { ...hooks, ...(faults ? { faults } : {}) });
        opened.push(store);
        return store;
      },
      async cleanup() {
        for (const store of opened) await store.close();
        await dropDatabase(url, databaseName, {});
      },
    });
  };
}
