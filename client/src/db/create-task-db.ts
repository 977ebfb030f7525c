import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb/plugins/core';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { pushJournalOf } from '../sync/push-journal';
import { ensureInbox } from './inbox';
import { sha256Hex } from './sha256-hex';
import { createTaskConflictHandler } from './task-conflict-handler';
import { createTaskListConflictHandler } from './task-list-conflict-handler';
import { TASK_MIGRATION_STRATEGIES } from './task-migration';
import { taskListRxSchema, taskRxSchema } from './task-rx-schema';

export type TaskCollection = RxCollection<Task>;
export type TaskListCollection = RxCollection<TaskList>;
export type TaskCollections = { tasks: TaskCollection; lists: TaskListCollection };
export type TaskDatabase = RxDatabase<TaskCollections>;

/** RxDB database names allow [a-z0-9_$-] after a leading letter. */
export function databaseNameFor(userId: string): string {
  return `tasklane-u-${userId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}`;
}

/**
 * One database per signed-in user: the `tasks` and `lists` collections with the shared schemas (and, as local
 * documents, the push journal [LE2]). Opening it with a newer task schema migrates every stored task and every stored
 * master state of the replication before it resolves ([CM1], [CM2]), so replication starts on migrated data; then the
 * Inbox is inserted if missing ([CM4]).
 */
export async function createTaskDb<Internals, InstanceCreationOptions>(options: {
  userId: string;
  storage: RxStorage<Internals, InstanceCreationOptions>;
  multiInstance?: boolean;
}): Promise<TaskDatabase> {
  addRxPlugin(RxDBLocalDocumentsPlugin);
  addRxPlugin(RxDBMigrationSchemaPlugin);
  const db = await createRxDatabase<TaskCollections, Internals, InstanceCreationOptions>({
    name: databaseNameFor(options.userId),
    storage: options.storage,
    multiInstance: options.multiInstance ?? true,
    // No RxDB live query watches the tasks (the task list follows the change stream itself, live-task-list.ts); the
    // lists' is small enough to run again on each change. So event-reduce is off, and its library is not shipped
    // (client/build/no-event-reduce.mjs).
    eventReduce: false,
    closeDuplicates: true,
    localDocuments: true,
    hashFunction: sha256Hex,
  });
  await db.addCollections({
    tasks: {
      schema: taskRxSchema,
      migrationStrategies: TASK_MIGRATION_STRATEGIES,
      conflictHandler: createTaskConflictHandler(pushJournalOf(db)),
    },
    lists: { schema: taskListRxSchema, conflictHandler: createTaskListConflictHandler() },
  });
  await ensureInbox(db.lists);
  return db;
}
