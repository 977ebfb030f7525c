import { normalizeMangoQuery, prepareQuery, type RxCollection, type RxDocumentData } from 'rxdb/plugins/core';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskCollection } from './create-task-db';

/**
 * Every stored task that is not deleted, oldest first (the storage index `[_deleted, createdAt, id]`,
 * so nothing is sorted), straight from the storage: no RxDocument is made per task, which for
 * 100,000 tasks is most of the cost of `collection.find().exec()`.
 */
export async function storedTasks(collection: TaskCollection): Promise<RxDocumentData<Task>[]> {
  return storedDocuments(collection);
}

/**
 * The same for any collection of ours (each has `createdAt` and an `id` primary key, indexed `[_deleted, createdAt, id]`);
 * `withDeleted` adds the tombstones.
 */
export async function storedDocuments<Doc extends { id: string; createdAt: string }>(
  collection: RxCollection<Doc>,
  { withDeleted = false } = {},
): Promise<RxDocumentData<Doc>[]> {
  const schema = collection.schema.jsonSchema;
  const selector = withDeleted ? {} : { _deleted: { $eq: false } };
  const query = prepareQuery<Doc>(
    schema,
    normalizeMangoQuery<Doc>(schema, { selector: selector as never, sort: [{ createdAt: 'asc' }, { id: 'asc' }] as never }),
  );
  return (await collection.storageInstance.query(query)).documents;
}
