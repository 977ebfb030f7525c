import type { AnyBulkWriteOperation, Db, Document, Filter } from 'mongodb';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskV1 } from '@tasklane/shared/domain/task-upgrade';
import { taskDueKey } from '../due-key';
import { COLLECTION_NAMES } from './collections';

/** The `store_meta` entry that records the fill as done (the collection of store-generation.ts). */
const STORE_META_COLLECTION = 'store_meta';
const FILLED = 'task_due_keys';
const FILL_BATCH = 1000;

type StoreMetaDocument = { _id: string; value: string; createdAt: Date };

/**
 * [LS9] Sets `dueKey` on every task document that has none (documents of releases before data model v2): the key of
 * the due it reads as, a version-1 one's upgraded date included ([DM19]). Only that field is set, and only where it
 * is still absent, so instances running it at once and writers updating meanwhile are safe; documents and seqs
 * are left as they are.
 */
export async function fillMongoDueKeys(db: Db): Promise<void> {
  const tasks = db.collection(COLLECTION_NAMES.tasks);
  // Forward along `_id`, so that each batch starts where the last one ended instead of scanning filled documents again.
  let filter: Filter<Document> = { dueKey: { $exists: false } };
  for (;;) {
    const batch = await tasks
      .find(filter, { projection: { _id: 1, listId: 1, due: 1, dueAt: 1 } })
      .sort({ _id: 1 })
      .limit(FILL_BATCH)
      .toArray();
    if (batch.length === 0) return;
    filter = { _id: { $gt: batch[batch.length - 1]!._id }, dueKey: { $exists: false } };
    const operations: AnyBulkWriteOperation<Document>[] = batch.map((task) => ({
      updateOne: {
        filter: { _id: task._id, dueKey: { $exists: false } },
        update: { $set: { dueKey: taskDueKey(task as unknown as Task | TaskV1) } },
      },
    }));
    await tasks.bulkWrite(operations, { ordered: false });
  }
}

/** [LS9] Runs the fill once per database: later starts find it recorded in `store_meta` and skip the scan. */
export async function ensureMongoDueKeys(db: Db): Promise<void> {
  const meta = db.collection<StoreMetaDocument>(STORE_META_COLLECTION);
  if (await meta.findOne({ _id: FILLED }, { projection: { _id: 1 } })) return;
  await fillMongoDueKeys(db);
  await meta.updateOne({ _id: FILLED }, { $setOnInsert: { value: 'done', createdAt: new Date() } }, { upsert: true });
}
