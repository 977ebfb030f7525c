import { canonicalInstantProblem } from './canonical-instant';
import { canonicalDurationProblem, REMINDER_LIMITS } from './reminder';
import { checkArray, checkObject, checkString, isRecord, type Path, type Problems } from './value-check';
import { documentIdProblem } from './document-id';

/** [RM1] [ZF2] One reminder, as `reminderSchema` checks it (the shape told by its keys). */
function checkReminder(value: unknown, path: Path, problems: Problems): boolean {
  if (!isRecord(value) || !('at' in value || 'before' in value)) {
    problems.add(path, 'a reminder is { "id", "at": <ISO-8601 instant> } or { "id", "before": <ISO-8601 duration> }');
    return false;
  }
  return problems.clean(() => {
    const timed = 'at' in value;
    checkObject(value, timed ? ['id', 'at'] : ['id', 'before'], path, problems);
    checkString(value.id, [...path, 'id'], problems, { problem: documentIdProblem });
    if (timed) checkString(value.at, [...path, 'at'], problems, { problem: canonicalInstantProblem });
    else checkString(value.before, [...path, 'before'], problems, { problem: canonicalDurationProblem });
  });
}

/** [RM1] [ZF2] A task's reminders, as `remindersSchema` checks them: at most `maxEntries`, each id once. */
export function checkReminders(value: unknown, path: Path, problems: Problems): boolean {
  const reminder = (item: unknown, itemPath: Path) => checkReminder(item, itemPath, problems);
  if (!checkArray(value, path, problems, REMINDER_LIMITS.maxEntries, reminder)) return false;
  const ids = value.map((item) => (item as { id: string }).id);
  if (new Set(ids).size === ids.length) return true;
  problems.add(path, 'reminder ids must be unique');
  return false;
}
