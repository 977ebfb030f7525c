import { z } from 'zod';
import { taskObjectSchema } from './task-schema';
import { taskListObjectSchema } from './task-list-schema';
import { TASK_LIMITS } from './task-fields';

type JsonObject = { [key: string]: unknown };

/** Drops what RxDB's schema checker rejects or cannot validate (`$schema`, `format`). */
function withoutUnsupportedKeywords(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutUnsupportedKeywords);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node as JsonObject)) {
    if (key === '$schema' || key === 'format') continue;
    out[key] = withoutUnsupportedKeywords(value);
  }
  return out;
}

function withoutMaxLength(node: unknown): unknown {
  const copy = { ...(node as JsonObject) };
  delete copy.maxLength;
  if (Array.isArray(copy.anyOf)) copy.anyOf = copy.anyOf.map(withoutMaxLength);
  return copy;
}

/**
 * The RxDB schema version of the task collection: 1 is data model v2 (docs/data-model-v2.md §9), 2 adds reminders
 * ([RM6]), 3 adds the assignee ([AS2]).
 */
export const TASK_RX_SCHEMA_VERSION = 3;

function rxProperties(schema: z.ZodType): { properties: JsonObject; required: string[] } {
  const json = withoutUnsupportedKeywords(z.toJSONSchema(schema, { unrepresentable: 'any' })) as JsonObject;
  const properties = { ...(json.properties as JsonObject) };
  delete properties._deleted;
  for (const field of ['createdAt', 'updatedAt'] as const) {
    properties[field] = { ...(properties[field] as JsonObject), maxLength: TASK_LIMITS.isoDateMaxLength };
  }
  const required = (json.required as string[]).filter((field) => field !== '_deleted');
  return { properties, required };
}

/**
 * The task JSON schema, derived from `taskSchema` (the one definition) in the
 * shape RxDB wants: RxDB owns `_deleted`, and indexed strings need `maxLength`.
 */
export function buildTaskRxJsonSchema() {
  const { properties, required } = rxProperties(taskObjectSchema);
  properties.completedAt = withoutMaxLength(properties.completedAt);
  return {
    title: 'tasks',
    version: TASK_RX_SCHEMA_VERSION,
    primaryKey: 'id',
    type: 'object',
    properties,
    required,
    additionalProperties: false,
    indexes: ['createdAt', 'updatedAt'],
  } as const;
}

/** [DM22] The list collection's RxDB schema, derived from `taskListSchema` like the task's. */
export function buildTaskListRxJsonSchema() {
  const { properties, required } = rxProperties(taskListObjectSchema);
  return {
    title: 'lists',
    version: 0,
    primaryKey: 'id',
    type: 'object',
    properties,
    required,
    additionalProperties: false,
    indexes: ['createdAt'],
  } as const;
}
