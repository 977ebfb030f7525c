import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { createMongoStore, type MongoStoreConfig } from '../../src/store/mongo/mongo-store';
import type { StoreFactory } from '../../src/store/store-contract';

/** Why Mongo-backed tests did not run, or null when MONGODB_URL is set. */
export function mongoSkipReason(): string | null {
  return process.env.MONGODB_URL ? null : 'set MONGODB_URL to run against a real mongod';
}

/** A MongoStore on a fresh, uniquely named database that cleanup drops. */
export function mongoStoreFactory(url: string, overrides: Partial<MongoStoreConfig> = {}): StoreFactory {
  return async () => {
    const databaseName = `tasklane_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const store = await createMongoStore({
      url,
      databaseName,
      maxPoolSize: 20,
      minPoolSize: 0,
      serverSelectionTimeoutMs: 5000,
      socketTimeoutMs: 0,
      ...overrides,
    });
    return {
      store,
      cleanup: async () => {
        await store.close();
        const admin = new MongoClient(url, { serverSelectionTimeoutMS: 5000, ...overrides.driverOptions });
        try {
          await admin.db(databaseName).dropDatabase();
        } finally {
          await admin.close();
        }
      },
    };
  };
}
