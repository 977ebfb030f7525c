import { normalizeMangoQuery, prepareQuery, type RxDocumentData } from 'rxdb/plugins/core';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskCollection } from './create-task-db';

/**
 * Every stored task that is not deleted, oldest first (the storage index `[_deleted, createdAt, id]`,
 * so nothing is sorted), straight from the storage: no RxDocument is made per task, which for
 * 100,000 tasks is most of the cost of `collection.find().exec()`.
 */
export async function storedTasks(collection: TaskCollection): Promise<RxDocumentData<Task>[]> {
  const schema = collection.schema.jsonSchema;
  const query = prepareQuery<Task>(
    schema,
    normalizeMangoQuery<Task>(schema, { selector: { _deleted: { $eq: false } }, sort: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  );
  return (await collection.storageInstance.query(query)).documents;
}
