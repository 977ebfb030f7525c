import type { RxJsonSchema } from 'rxdb/plugins/core';
import type { Task } from '@tasklane/shared/domain/task';
import { buildTaskRxJsonSchema } from '@tasklane/shared/domain/task-json-schema';

/**
 * The `tasks` collection schema, derived from the shared zod schema. The
 * webpack build evaluates this module at build time (build/eval-at-build-loader.cjs),
 * so zod is not shipped to browsers; in Node tests it runs as written.
 * The property schemas are zod's JSON Schema output, typed `unknown`, hence
 * the cast; RxDB's dev-mode schema checker validates them in development.
 */
export const taskRxSchema = buildTaskRxJsonSchema() as unknown as RxJsonSchema<Task>;
