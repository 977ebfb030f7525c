import { z } from 'zod';
import { taskSchema } from './task';
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
 * The task JSON schema, derived from `taskSchema` (the one definition) in the
 * shape RxDB wants: RxDB owns `_deleted`, and indexed strings need `maxLength`.
 */
export function buildTaskRxJsonSchema() {
  const json = withoutUnsupportedKeywords(z.toJSONSchema(taskSchema)) as JsonObject;
  const properties = { ...(json.properties as JsonObject) };
  delete properties._deleted;
  for (const field of ['createdAt', 'updatedAt'] as const) {
    properties[field] = { ...(properties[field] as JsonObject), maxLength: TASK_LIMITS.isoDateMaxLength };
  }
  // The bound of [D6] is enforced by the server; RxDB's schema keeps its version-0 shape (and hash) for
  // `dueAt` and `completedAt`, since a different schema at the same version refuses to open on every device.
  for (const field of ['dueAt', 'completedAt'] as const) properties[field] = withoutMaxLength(properties[field]);
  const required = (json.required as string[]).filter((field) => field !== '_deleted');
  return {
    title: 'tasks',
    version: 0,
    primaryKey: 'id',
    type: 'object',
    properties,
    required,
    additionalProperties: false,
    indexes: ['createdAt', 'updatedAt'],
  } as const;
}
