import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb/plugins/core';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import type { Task } from '@tasklane/shared/domain/task';
import { pushJournalOf } from '../sync/push-journal';
import { sha256Hex } from './sha256-hex';
import { createTaskConflictHandler } from './task-conflict-handler';
import { taskRxSchema } from './task-rx-schema';

export type TaskCollection = RxCollection<Task>;
export type TaskDatabase = RxDatabase<{ tasks: TaskCollection }>;

/** RxDB database names allow [a-z0-9_$-] after a leading letter. */
export function databaseNameFor(userId: string): string {
  return `tasklane-u-${userId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}`;
}

/** One database per signed-in user, holding the `tasks` collection with the shared schema (and, as local documents, the push journal [LE2]). */
export async function createTaskDb<Internals, InstanceCreationOptions>(options: {
  userId: string;
  storage: RxStorage<Internals, InstanceCreationOptions>;
  multiInstance?: boolean;
}): Promise<TaskDatabase> {
  addRxPlugin(RxDBLocalDocumentsPlugin);
  const db = await createRxDatabase<{ tasks: TaskCollection }, Internals, InstanceCreationOptions>({
    name: databaseNameFor(options.userId),
    storage: options.storage,
    multiInstance: options.multiInstance ?? true,
    eventReduce: true,
    closeDuplicates: true,
    localDocuments: true,
    hashFunction: sha256Hex,
  });
  await db.addCollections({
    tasks: { schema: taskRxSchema, conflictHandler: createTaskConflictHandler(pushJournalOf(db)) },
  });
  return db;
}
