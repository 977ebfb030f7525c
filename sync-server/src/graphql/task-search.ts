import { z } from 'zod';
import { calendarDateSchema } from '@tasklane/shared/domain/calendar-date-schema';
import { documentIdSchema } from '@tasklane/shared/domain/document-id-schema';
import { isTimedDue, localDateOf } from '@tasklane/shared/domain/due';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { TASK_LIMITS, TASK_STATUSES } from '@tasklane/shared/domain/task-fields';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import { encodePageCursor } from '../store/page-cursor';
import type { TaskCommands } from '../sync/task-commands';

/** `tasks(filter, first, after)`: REST's query (`GET /api/tasks`) plus a tag and a due range, parsed as strictly ([V1]). */
export const taskSearchSchema = z.strictObject({
  filter: z
    .strictObject({
      listId: documentIdSchema.optional(),
      status: z.enum(TASK_STATUSES).optional(),
      dueFrom: calendarDateSchema.optional(),
      dueTo: calendarDateSchema.optional(),
      tag: z.string().min(1).max(TASK_LIMITS.tagMaxLength).optional(),
      text: z.string().max(200).optional(),
    })
    .default({}),
  first: z.number().int().min(1).max(500),
  after: z.string().max(512).optional(),
});
export type TaskSearch = z.infer<typeof taskSearchSchema>;

export type TaskSearchPage = { items: StoredTask[]; nextCursor: string | null };

/** [GQ3] How much one filtered page may read: store pages of at least 200 tasks, 2,000 tasks in all (as [LR16]). */
export const TASK_SEARCH_SCAN = { readAtLeast: 200, maxExamined: 2000 } as const;

/** The day a due falls on: its date, or its instant's day in its own zone. */
function dueDay(task: StoredTask): string | null {
  if (task.due === null) return null;
  return isTimedDue(task.due) ? localDateOf(Date.parse(task.due.at), task.due.timeZone) : task.due.date;
}

function matcher({ tag, dueFrom, dueTo }: TaskSearch['filter']): ((task: StoredTask) => boolean) | null {
  if (tag === undefined && dueFrom === undefined && dueTo === undefined) return null;
  const wanted = tag?.normalize('NFC');
  return (task) => {
    if (wanted !== undefined && !task.tags.includes(wanted)) return false;
    if (dueFrom === undefined && dueTo === undefined) return true;
    const day = dueDay(task);
    if (day === null) return false;
    return (dueFrom === undefined || day >= dueFrom) && (dueTo === undefined || day <= dueTo);
  };
}

/**
 * [GQ3] A page of the caller's tasks, read with REST's listing (`TaskCommands.list`, so shared lists are included and
 * nothing else, [SH1]) and its cursor: newest `createdAt` first. The store filters by list, status and text; a tag and
 * a due range are filtered here, over at most TASK_SEARCH_SCAN.maxExamined tasks per request — past that the page is
 * returned short (even empty) with a cursor to go on from.
 */
export async function searchTasks(tasks: TaskCommands, userId: string, input: unknown): Promise<TaskSearchPage> {
  const { filter, first, after } = parseMessage(taskSearchSchema, input, 'tasks query');
  const storeQuery = {
    ...(filter.status === undefined ? {} : { status: filter.status }),
    ...(filter.listId === undefined ? {} : { listId: filter.listId }),
    ...(filter.text === undefined ? {} : { q: filter.text }),
  };
  const belongs = matcher(filter);
  const read = async (limit: number, cursor: string | undefined) => {
    const page = await tasks.list(userId, { ...storeQuery, limit, ...(cursor === undefined ? {} : { cursor }) });
    if (!('tasks' in page)) throw new Error('a task listing without a view answered a view');
    return page;
  };
  if (!belongs) {
    const page = await read(first, after);
    return { items: page.tasks, nextCursor: page.nextCursor };
  }

  const items: StoredTask[] = [];
  let cursor = after;
  let examined = 0;
  for (;;) {
    const page = await read(Math.max(first - items.length, TASK_SEARCH_SCAN.readAtLeast), cursor);
    for (const [index, task] of page.tasks.entries()) {
      examined += 1;
      if (!belongs(task)) continue;
      items.push(task);
      if (items.length === first) {
        const more = index < page.tasks.length - 1 || page.nextCursor !== null;
        return { items, nextCursor: more ? encodePageCursor('created', { createdAt: task.createdAt, id: task.id }) : null };
      }
    }
    if (page.nextCursor === null || examined >= TASK_SEARCH_SCAN.maxExamined) return { items, nextCursor: page.nextCursor };
    cursor = page.nextCursor;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
