import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { isDuplicateKeyError } from './errors';

/** Collection of store-wide settings; one document per key, the key as `_id`. */
const STORE_META_COLLECTION = 'store_meta';

type StoreMetaDocument = { _id: string; value: string; createdAt: Date };

/**
 * [G1] Reads the database's generation, creating it on the first start. An upsert with
 * `$setOnInsert` on the `_id` (unique by nature): instances starting together agree on
 * the first value written, and a later start never changes it. Two upserts racing on a
 * missing document can make one fail with a duplicate key; that one reads the winner's.
 */
export async function ensureMongoGeneration(db: Db): Promise<string> {
  const meta = db.collection<StoreMetaDocument>(STORE_META_COLLECTION);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const document = await meta.findOneAndUpdate(
        { _id: 'generation' },
        { $setOnInsert: { value: randomUUID(), createdAt: new Date() } },
        { upsert: true, returnDocument: 'after' },
      );
      if (document) return document.value;
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= 3) throw error;
    }
  }
}
