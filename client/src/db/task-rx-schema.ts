import type { RxJsonSchema } from 'rxdb/plugins/core';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { buildTaskListRxJsonSchema, buildTaskRxJsonSchema } from '@tasklane/shared/domain/task-json-schema';

/**
 * The collection schemas, derived from the shared zod schemas: `tasks` (version 3: data model v2 with reminders, assignee and completions) and `lists`
 * (version 0). The webpack build evaluates this module at build time (build/eval-at-build-loader.cjs), so zod is not
 * shipped for them; in Node tests it runs as written. The property schemas are zod's JSON Schema output, typed
 * `unknown`, hence the casts; RxDB's dev-mode schema checker validates them in development.
 */
export const taskRxSchema = buildTaskRxJsonSchema() as unknown as RxJsonSchema<Task>;

export const taskListRxSchema = buildTaskListRxJsonSchema() as unknown as RxJsonSchema<TaskList>;
