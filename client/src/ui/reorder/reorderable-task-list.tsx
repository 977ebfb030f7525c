import { useLayoutEffect, useMemo, useState } from 'react';
import type { Task } from '@tasklane/shared/domain/task';
import { useMinuteClock } from '../editor/use-minute-clock';
import { TaskRow } from '../tasks/task-row';
import { quoted } from '../undo/undoable-edits';
import { usePointerReorder } from './use-pointer-reorder';

/** A move: `task` to `position` among the other `siblings` (the rows of its group as shown), and what to announce. */
export type ReorderRequest = { task: Task; siblings: readonly Task[]; position: number; spoken: string };

const isDone = (task: Task) => task.status === 'done';

type Shown = { tasks: readonly Task[]; openCount: number; onReorder: (request: ReorderRequest) => void };

/**
 * Moves rows by hand, outside render: it reads the rows last shown, plans the order keys and, after a keyboard move,
 * gives the focus back to the control that moved the row (React may re-insert a moved row's element, which drops it).
 */
function createRowMover() {
  let shown: Shown = { tasks: [], openCount: 0, onReorder: () => undefined };
  let refocus: { id: string; control: string; from: number } | null = null;

  /** Moves `id` to index `to` of its group (open or done rows), counted without it. */
  const moveWithinGroup = (id: string, to: number) => {
    const task = shown.tasks.find((row) => row.id === id);
    if (!task) return;
    const group = shown.tasks.filter((row) => isDone(row) === isDone(task));
    const position = Math.max(0, Math.min(to, group.length - 1));
    if (group.indexOf(task) === position) return;
    const kind = isDone(task) ? ' among done tasks' : '';
    shown.onReorder({
      task,
      siblings: group,
      position,
      spoken: `Moved ${quoted(task.title)} to position ${position + 1} of ${group.length}${kind}.`,
    });
  };

  return {
    show: (next: Shown) => {
      shown = next;
    },
    onStep: (id: string, step: -1 | 1) => {
      const task = shown.tasks.find((row) => row.id === id);
      if (!task) return;
      const group = shown.tasks.filter((row) => isDone(row) === isDone(task));
      const to = group.indexOf(task) + step;
      if (to < 0 || to >= group.length) return;
      const active = document.activeElement;
      refocus = { id, control: (active instanceof HTMLElement && active.dataset.focus) || 'title', from: shown.tasks.indexOf(task) };
      moveWithinGroup(id, to);
    },
    /** A drop at `to` among all other rows; the done rows' group starts after the open ones. */
    onDrop: (from: number, to: number) => {
      const task = shown.tasks[from];
      if (task) moveWithinGroup(task.id, isDone(task) ? to - shown.openCount : to);
    },
    refocus: () => {
      const wanted = refocus;
      // until the move shows (the live list follows writes within about 100 ms)
      if (!wanted || shown.tasks.findIndex((task) => task.id === wanted.id) === wanted.from) return;
      refocus = null;
      const row = document.querySelector<HTMLElement>(`li[data-task-id="${CSS.escape(wanted.id)}"]`);
      if (!row || row.contains(document.activeElement)) return;
      const target =
        row.querySelector<HTMLElement>(`[data-focus="${wanted.control}"]:not(:disabled)`) ??
        row.querySelector<HTMLElement>('[data-focus="title"]');
      target?.focus();
    },
  };
}

/**
 * The rows of a list view. With `reorderable` (a list in its manual order), each row can be moved by drag and drop,
 * by its move buttons and by Alt+ArrowUp/Down ([ED7], [ED8]); a move stays among the rows of its kind (open tasks,
 * then done ones, as the list shows them) and writes one order key, announced for screen readers by the caller.
 */
export function ReorderableTaskList(props: {
  tasks: readonly Task[];
  label: string;
  pendingIds?: ReadonlySet<string>;
  /** [RJ5] Why the server refused a task, by `tasks:<id>`. */
  problems?: ReadonlyMap<string, string> | undefined;
  /** The screen's clock, when it has one (rows read dues relative to it); else the list keeps its own. */
  now?: Date;
  reorderable: boolean;
  timeZone: string;
  onToggle: (id: string) => void;
  onOpen: (id: string) => void;
  onDelete: (id: string) => void;
  onTag?: (tag: string) => void;
  onReorder: (request: ReorderRequest) => void;
  /** [SC4] Rows the user may only read (a viewer's shared list). */
  readOnly?: (task: Task) => boolean;
  /** [SC7] How a row names its task's assignee (null: nobody). */
  assigneeOf?: (task: Task) => string | null;
  /** [SG4] Why the task stands where it does (What next). */
  reasonOf?: ((task: Task) => string | undefined) | undefined;
}) {
  const { tasks, reorderable, onReorder } = props;
  const clock = useMinuteClock();
  const now = props.now ?? clock;
  const openCount = useMemo(() => tasks.filter((task) => !isDone(task)).length, [tasks]);
  const [mover] = useState(createRowMover);
  const { attachContainer, handleProps, dragging, dropMarker } = usePointerReorder(mover.onDrop);
  useLayoutEffect(() => {
    mover.show({ tasks, openCount, onReorder });
    mover.refocus();
  }, [mover, tasks, openCount, onReorder]);

  return (
    <ul className="tasks" aria-label={props.label} ref={attachContainer}>
      {tasks.map((task, index) => {
        const inGroupIndex = isDone(task) ? index - openCount : index;
        const groupSize = isDone(task) ? tasks.length - openCount : openCount;
        return (
          <TaskRow
            key={task.id}
            task={task}
            unsynced={props.pendingIds?.has(task.id) ?? false}
            problem={props.problems?.get(`tasks:${task.id}`)}
            now={now}
            timeZone={props.timeZone}
            onToggle={props.onToggle}
            onOpen={props.onOpen}
            onDelete={props.onDelete}
            onTag={props.onTag}
            readOnly={props.readOnly?.(task) ?? false}
            assignee={props.assigneeOf?.(task) ?? null}
            reason={props.reasonOf?.(task)}
            reorder={
              reorderable
                ? {
                    index,
                    first: inGroupIndex === 0,
                    last: inGroupIndex === groupSize - 1,
                    marker: dropMarker(index, tasks.length),
                    dragging: dragging?.from === index,
                    onStep: mover.onStep,
                    handle: handleProps,
                  }
                : undefined
            }
          />
        );
      })}
    </ul>
  );
}
