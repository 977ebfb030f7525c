import type { Task } from '@tasklane/shared/domain/task';
import { TASK_PRIORITIES, TASK_STATUSES } from '@tasklane/shared/domain/task-fields';
import type { TaskPatch } from '@tasklane/client/src/db/task-repository';
import type { ChaosDevice } from './chaos-device';
import type { SeededRandom } from './seeded-random';

export type OperationKind = 'create' | 'edit' | 'complete' | 'delete' | 'undelete';
export type OperationOutcome = { kind: OperationKind; done: boolean };
/** The four random numbers one operation uses: kind, target, field, value. */
export type OperationDraws = [number, number, number, number];

const TAGS = ['home', 'work', 'urgent', 'later', 'shop', 'call'];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];

/** Tasks each device deleted itself, for undo (undelete), newest last. */
const deletedByDevice = new WeakMap<ChaosDevice, Task[]>();

/**
 * One user action on one device, through the app's repository. The draws
 * are taken before (always four, whatever the device's state), so the
 * schedule a seed produces does not depend on replication timing.
 */
export function drawOperation(random: SeededRandom): OperationDraws {
  return [random.next(), random.next(), random.next(), random.next()];
}

export function operationKind(kindDraw: number): OperationKind {
  return kindDraw < 0.25 ? 'create' : kindDraw < 0.7 ? 'edit' : kindDraw < 0.82 ? 'complete' : kindDraw < 0.94 ? 'delete' : 'undelete';
}

export async function applyOperation(device: ChaosDevice, draws: OperationDraws, step: number): Promise<OperationOutcome> {
  const [kindDraw, targetDraw, fieldDraw, valueDraw] = draws;
  const kind = operationKind(kindDraw);
  const tasks = device.tasks;
  if (!tasks) return { kind, done: false };
  const live = await device.liveTasks();
  const target = live[Math.floor(targetDraw * live.length)];
  const word = WORDS[Math.floor(valueDraw * WORDS.length)]!;
  try {
    switch (kind) {
      case 'create':
        await tasks.create({
          title: `${device.name} task ${step}`,
          tags: valueDraw < 0.5 ? [TAGS[Math.floor(fieldDraw * TAGS.length)]!] : [],
        });
        return { kind, done: true };
      case 'edit':
        if (!target) return { kind, done: false };
        await tasks.update(target.id, editPatch(target, fieldDraw, valueDraw, `${word} ${device.name}@${step}`));
        return { kind, done: true };
      case 'complete':
        if (!target) return { kind, done: false };
        await tasks.toggleComplete(target.id);
        return { kind, done: true };
      case 'delete': {
        if (!target) return { kind, done: false };
        const removed = await tasks.remove(target.id);
        const stash = deletedByDevice.get(device) ?? [];
        stash.push(removed);
        deletedByDevice.set(device, stash.slice(-20));
        return { kind, done: true };
      }
      case 'undelete': {
        const stash = deletedByDevice.get(device) ?? [];
        const restored = stash.splice(Math.floor(targetDraw * stash.length), 1)[0];
        if (!restored) return { kind, done: false };
        await tasks.restore(restored);
        return { kind, done: true };
      }
    }
  } catch (error) {
    // The task vanished under the write (a delete arrived by sync, or the device crashed): the user's action did nothing.
    if (error instanceof Error && /does not exist|closed|is not running/i.test(error.message)) return { kind, done: false };
    throw error;
  }
}

function editPatch(task: Task, fieldDraw: number, valueDraw: number, text: string): TaskPatch {
  const fields = ['title', 'description', 'status', 'priority', 'dueAt', 'tags'] as const;
  const field = fields[Math.floor(fieldDraw * fields.length)]!;
  switch (field) {
    case 'title':
      return { title: text };
    case 'description':
      return { description: `${text} ${task.description}`.slice(0, 200) };
    case 'status':
      return { status: TASK_STATUSES[Math.floor(valueDraw * TASK_STATUSES.length)]! };
    case 'priority':
      return { priority: TASK_PRIORITIES[Math.floor(valueDraw * TASK_PRIORITIES.length)]! };
    case 'dueAt':
      return { dueAt: valueDraw < 0.3 ? null : new Date(Date.UTC(2030, 0, 1 + Math.floor(valueDraw * 300))).toISOString() };
    case 'tags': {
      const tag = TAGS[Math.floor(valueDraw * TAGS.length)]!;
      return { tags: task.tags.includes(tag) ? task.tags.filter((t) => t !== tag) : [...task.tags, tag] };
    }
  }
}
