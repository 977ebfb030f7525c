import {
  addRxPlugin,
  createRxDatabase,
  type RxCollection,
  type RxCollectionCreator,
  type RxDatabase,
  type RxJsonSchema,
  type RxStorage,
} from 'rxdb/plugins/core';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskV1 } from '@tasklane/shared/domain/task-upgrade';
import { databaseNameFor } from '../../src/db/create-task-db';
import { sha256Hex } from '../../src/db/sha256-hex';

/**
 * The app before data model v2, as far as its stored data goes: the `tasks` collection's RxDB schema of version 0
 * (what `buildTaskRxJsonSchema()` returned in that build, frozen here), in a database named and hashed as that build
 * did, so a test can leave the state a version-1 device leaves and open it with today's code.
 */
export const VERSION_1_TASK_SCHEMA = {
  title: 'tasks',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z0-9_-]+$',
    },
    title: {
      type: 'string',
      minLength: 1,
      maxLength: 500,
    },
    description: {
      type: 'string',
      maxLength: 10000,
    },
    status: {
      type: 'string',
      enum: ['todo', 'in_progress', 'done'],
    },
    priority: {
      type: 'string',
      enum: ['low', 'medium', 'high'],
    },
    dueAt: {
      anyOf: [
        {
          type: 'string',
          pattern:
            '^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$',
        },
        {
          type: 'null',
        },
      ],
    },
    tags: {
      maxItems: 20,
      type: 'array',
      items: {
        type: 'string',
        minLength: 1,
        maxLength: 40,
      },
    },
    createdAt: {
      type: 'string',
      maxLength: 40,
      pattern:
        '^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$',
    },
    updatedAt: {
      type: 'string',
      maxLength: 40,
      pattern:
        '^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$',
    },
    completedAt: {
      anyOf: [
        {
          type: 'string',
          pattern:
            '^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$',
        },
        {
          type: 'null',
        },
      ],
    },
    seq: {
      type: 'integer',
      minimum: 0,
      maximum: 9007199254740991,
    },
  },
  required: ['id', 'title', 'description', 'status', 'priority', 'dueAt', 'tags', 'createdAt', 'updatedAt', 'completedAt'],
  additionalProperties: false,
  indexes: ['createdAt', 'updatedAt'],
} as unknown as RxJsonSchema<TaskV1>;

export type Version1Database = RxDatabase<{ tasks: RxCollection<TaskV1> }>;

/** A database named and hashed as the app's, holding `tasks` as an older build declared them: what it left on a device. */
export async function openOlderBuildDb<Doc, Internals, Options>(
  userId: string,
  storage: RxStorage<Internals, Options>,
  tasks: RxCollectionCreator<Doc>,
): Promise<RxDatabase<{ tasks: RxCollection<Doc> }>> {
  addRxPlugin(RxDBLocalDocumentsPlugin);
  const db = await createRxDatabase<{ tasks: RxCollection<Doc> }, Internals, Options>({
    name: databaseNameFor(userId),
    storage,
    multiInstance: false,
    eventReduce: true,
    closeDuplicates: true,
    localDocuments: true,
    hashFunction: sha256Hex,
  });
  await db.addCollections({ tasks });
  return db;
}

export function openVersion1Db<Internals, Options>(userId: string, storage: RxStorage<Internals, Options>): Promise<Version1Database> {
  return openOlderBuildDb<TaskV1, Internals, Options>(userId, storage, { schema: VERSION_1_TASK_SCHEMA });
}

/**
 * What a version-1 device held of a version-2 task that has only what version 1 knew (the Inbox, at most a date-only
 * due, no series, no checklist, no manual order): the due as that day's noon UTC, which `upgradeTask` turns back into
 * the same date ([DM19]).
 */
export function asVersion1(task: Task): TaskV1 & { seq?: number } {
  const { listId, due, recurrence, recurrenceEditedAt: _clock, occurrence: _occurrence, checklist, reminders, order, ...rest } = task;
  if (listId !== 'inbox' || recurrence || checklist.length > 0 || reminders.length > 0 || order !== null || (due && !('date' in due))) {
    throw new Error(`task ${task.id} has fields version 1 never had`);
  }
  return { ...rest, dueAt: due ? `${due.date}T12:00:00.000Z` : null };
}
