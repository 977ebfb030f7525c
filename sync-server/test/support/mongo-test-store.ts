import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { createMongoStore, type MongoStoreConfig, type MongoStoreHooks } from '../../src/store/mongo/mongo-store';
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

/** A MongoStore on a fresh, uniquely named database that cleanup drops. */
export function mongoStoreFactory(url: string, overrides: Partial<MongoStoreConfig> = {}): StoreFactory {
  return async () => {
    const databaseName = uniqueDatabaseName();
    const store = await createMongoStore(mongoTestConfig(url, databaseName, overrides));
    return {
      store,
      reopen: () => createMongoStore(mongoTestConfig(url, databaseName, overrides)),
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
