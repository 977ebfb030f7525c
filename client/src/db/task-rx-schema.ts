import { buildTaskRxJsonSchema } from '@tasklane/shared/domain/task-json-schema';

/**
 * The `tasks` collection schema, derived from the shared zod schema. The
 * webpack build evaluates this module at build time (build/eval-at-build-loader.cjs),
 * so zod is not shipped to browsers; in Node tests it runs as written.
 */
export const taskRxSchema = buildTaskRxJsonSchema();
