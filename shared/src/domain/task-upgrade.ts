import type { Due } from './due';
import { TASK_KEYS, type Task } from './task';
import { INBOX_LIST_ID } from './task-list';

/** The task document of protocol version 1: no lists, no recurrence, no checklist, no reminders, and a due instant. */
export type TaskV1 = Omit<
  Task,
  'listId' | 'assignee' | 'due' | 'recurrence' | 'recurrenceEditedAt' | 'occurrence' | 'completions' | 'checklist' | 'order' | 'reminders'
> & {
  dueAt: string | null;
};

/** The task document of protocol version 3: everything but the assignee and the completions. */
export type TaskV3 = Omit<Task, 'assignee' | 'completions'>;

/** The task document of protocol version 2: everything but reminders and the assignee. */
export type TaskV2 = Omit<TaskV3, 'reminders'>;

/** Any task document a store, a device or an export file may still hold. */
export type AnyTaskVersion = Task | TaskV3 | TaskV2 | TaskV1;

const HOUR_MS = 3_600_000;
const FIRST_DATE = '1900-01-01';
const LAST_DATE = '9999-12-31';

/**
 * [DM19] The version-1 PWA stored a picked day as that day's local noon; the date of (dueAt + 1 hour) in UTC recovers
 * it for every offset from −10:00 to +13:00, with no time zone, so the server and every device compute the same day.
 */
export function dueFromVersion1(dueAt: string | null): Due | null {
  if (dueAt === null) return null;
  const shifted = Date.parse(dueAt) + HOUR_MS;
  if (!Number.isFinite(shifted)) return null;
  const date = new Date(shifted).toISOString();
  if (date.startsWith('+') || date.slice(0, 10) > LAST_DATE) return { date: LAST_DATE };
  if (date.startsWith('-') || date.slice(0, 10) < FIRST_DATE) return { date: FIRST_DATE };
  return { date: date.slice(0, 10) };
}

/** True for a document already in the version-2 shape (or a later one). */
export function isTaskV2(document: AnyTaskVersion): document is TaskV2 {
  return 'listId' in document;
}

/** True for a document in the current shape: nothing to upgrade. */
export function isCurrentTask(document: AnyTaskVersion): document is Task {
  return 'assignee' in document && 'completions' in document;
}

/**
 * [DM19] Upgrades a version-1 task to version 2 (docs/data-model-v2.md §9): Inbox, `due` from `dueAt`, no series, an
 * empty checklist, no manual order. [RM6] A version-2 task (and so a version-1 one) gets no reminders (`reminders: []`).
 * [AS2] [IN2] A version-3 task (and so every older one) is assigned to nobody (`assignee: null`) and has no completions
 * logged (`completions: []`).
 * Deterministic and needing nothing from the device, so the server (on read) and every device (RxDB's migration, of
 * documents and of their stored master states) produce the same document. A current document is returned with its
 * keys in the canonical order and nothing else changed.
 */
export function upgradeTask<T extends AnyTaskVersion>(document: T): T extends { seq: number } ? Task & { seq: number } : Task {
  const source = document as Partial<Task> & { dueAt?: string | null };
  const filled: Record<string, unknown> = isTaskV2(document)
    ? { ...document, reminders: source.reminders ?? [], assignee: source.assignee ?? null, completions: source.completions ?? [] }
    : {
        ...source,
        listId: INBOX_LIST_ID,
        due: dueFromVersion1(source.dueAt ?? null),
        recurrence: null,
        recurrenceEditedAt: null,
        occurrence: 0,
        completions: [],
        checklist: [],
        reminders: [],
        assignee: null,
        order: null,
      };
  const upgraded: Record<string, unknown> = {};
  for (const key of TASK_KEYS) if (filled[key] !== undefined) upgraded[key] = filled[key];
  return upgraded as never;
}
