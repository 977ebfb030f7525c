import { checkTask } from '../domain/task-check';
import { checkTaskList } from '../domain/task-list-check';
import { checkObject, isRecord, Problems, type Path } from '../domain/value-check';
import { PROTOCOL_LIMITS } from './limits';
import type { ListPushRow, PushRow } from './push';

/** A push as `pushRequestSchema` or `listPushRequestSchema` return it. */
export type CheckedPush = { collection: 'tasks'; rows: PushRow[] } | { collection: 'lists'; rows: ListPushRow[] };

const ENVELOPE_KEYS = ['collection', 'rows'];
const ROW_KEYS = ['newDocumentState', 'assumedMasterState'];

const hasOnlyKeys = (value: Record<string, unknown>, keys: readonly string[]) => Object.keys(value).every((key) => keys.includes(key));

/**
 * [SQ1] A push checked without zod, for the server's hot path: the request exactly as the schema of its collection
 * (`pushRequestSchemaFor`) would return it, or `null` when that schema would refuse it or return it changed (keys out
 * of the schema's order, which zod reorders). On `null` the caller parses with zod, whose refusals keep their messages
 * ([RJ9]); `push-check.test.ts` proves that whatever this accepts, zod accepts and returns equal, key order included.
 */
export function checkedPush(payload: unknown): CheckedPush | null {
  if (!isRecord(payload) || !hasOnlyKeys(payload, ENVELOPE_KEYS)) return null;
  const collection = payload.collection === undefined ? 'tasks' : payload.collection;
  if (collection !== 'tasks' && collection !== 'lists') return null;
  const rows = payload.rows;
  if (!Array.isArray(rows) || rows.length < 1 || rows.length > PROTOCOL_LIMITS.pushMaxRows) return null;
  const checkDocument =
    collection === 'tasks'
      ? (value: unknown, path: Path, problems: Problems) => checkTask(value, path, problems)
      : (value: unknown, path: Path, problems: Problems) => checkTaskList(value, path, problems);
  const problems = new Problems();
  const ids = new Set<string>();
  for (let index = 0; index < rows.length; index += 1) {
    const row: unknown = rows[index];
    if (!checkObject(row, ROW_KEYS, [], problems)) return null;
    const { newDocumentState: next, assumedMasterState: base } = row;
    if (!checkDocument(next, [], problems)) return null;
    if (base !== undefined && (!checkDocument(base, [], problems) || base.id !== next.id)) return null;
    ids.add(next.id);
  }
  if (ids.size !== rows.length || !problems.inSchemaOrder) return null;
  return { collection, rows };
}
