import { upgradeTask, type AnyTaskVersion } from '@tasklane/shared/domain/task-upgrade';

type StoredFields = Record<string, unknown>;

/**
 * [CM1] RxDB's migration strategy of the task collection's schema version 1 (data model v2): the shared upgrade
 * ([DM19]), with RxDB's own fields of the stored document (`_rev`, `_attachments`) kept as they were. RxDB applies it to
 * every stored task and to the replication's stored master state of every task (`docData` of the replication meta
 * documents), so a pending edit keeps its base.
 */
export function migrateTaskToVersion1(document: StoredFields): StoredFields {
  const upgraded: StoredFields = upgradeTask(document as unknown as AnyTaskVersion);
  for (const [key, value] of Object.entries(document))
    if (key.startsWith('_') && key !== '_deleted' && value !== undefined) upgraded[key] = value;
  return upgraded;
}

/**
 * [RM6] Schema version 2 (protocol 3): the same shared upgrade gives a version-2 task no reminders (`reminders: []`).
 * A version-0 document passes through both strategies; the upgrade is idempotent, so that is the upgrade once.
 */
export const migrateTaskToVersion2 = migrateTaskToVersion1;

/** [AS2] Schema version 3 (protocol 4): the same shared upgrade assigns a version-3 task to nobody (`assignee: null`). */
export const migrateTaskToVersion3 = migrateTaskToVersion1;

/** Keyed by the schema version each strategy migrates to. */
export const TASK_MIGRATION_STRATEGIES = { 1: migrateTaskToVersion1, 2: migrateTaskToVersion2, 3: migrateTaskToVersion3 };
