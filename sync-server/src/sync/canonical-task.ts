import type { Task } from '@tasklane/shared/domain/task';
import { withCanonicalTimestamps } from '@tasklane/shared/domain/iso-timestamp';
import { withDerivedCompletedAt } from '@tasklane/shared/domain/task-defaults';
import { withCanonicalTags } from '@tasklane/shared/domain/task-tags';

/**
 * A task as the server stores, compares ([W5]) and sends it: canonical timestamps ([D7]) and tags ([D5]),
 * and completedAt derived from status ([D4]). Every write path (push, REST, import) goes through this.
 */
export function canonicalTaskState<T extends Task>(task: T): T {
  return withDerivedCompletedAt(withCanonicalTags(withCanonicalTimestamps(task)));
}
