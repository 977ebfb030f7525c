import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Task } from '@tasklane/shared/domain/task';
import { TASK_LIMITS, TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from '@tasklane/shared/domain/task-fields';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { ChecklistEditor } from '../editor/checklist-editor';
import { DueFields } from '../editor/due-fields';
import { changesOf, type EditorDraft } from '../editor/editor-changes';
import { ListPicker, pickableLists } from '../editor/list-picker';
import { RecurrenceFields } from '../editor/recurrence-fields';
import { ReminderFields } from '../editor/reminder-fields';
import { recurrenceFormFor, type RecurrenceForm } from '../editor/recurrence-form';
import { recurrenceSummary } from '../editor/recurrence-summary';
import { ReadOnly } from '../sharing/read-only';
import { AssigneePicker } from '../sharing/sharing-entry';
import type { Person } from '../../sharing/memberships';
import type { UndoableEdits } from '../undo/undoable-edits';
import { inputsFromDue, todayIn, type DueInputs } from './due-date';
import { PRIORITY_LABELS, STATUS_LABELS } from './task-labels';

function draftOf(task: Task, timeZone: string): EditorDraft {
  const due = inputsFromDue(task.due, timeZone);
  return {
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    listId: task.listId,
    due,
    tags: task.tags.join(', '),
    repeat: recurrenceFormFor(task.recurrence?.rule ?? null, due.date || todayIn(timeZone)),
    reminders: task.reminders,
    assignee: task.assignee,
  };
}

/**
 * A modal dialog (native <dialog>: focus is trapped and Escape closes it). Title, notes, status, priority, list, due
 * with an optional time, repeat and tags are saved together ("Save"); the checklist is written item by item as it is
 * edited, each change its own undoable edit.
 */
export function TaskEditor(props: {
  task: Task;
  /** [RJ5] Why the server refused the task's last push, if it did. */
  problem?: string | undefined;
  lists: readonly TaskList[];
  timeZone: string;
  edits: UndoableEdits;
  run: (action: () => Promise<unknown>) => Promise<void>;
  onDelete: () => void;
  onClose: () => void;
  /** [SC4] A task of a list the user views only: every field shown disabled, nothing to save or delete. */
  readOnly?: boolean;
  /** [SC7] Who may be assigned a task of a list (null: the list is not shared, no choice), and the user's id. */
  assignees?: { me: string; peopleIn: (listId: string) => readonly Person[] | null };
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { task, timeZone } = props;
  const [draft, setDraft] = useState<EditorDraft>(() => draftOf(task, timeZone));
  const [dueNote, setDueNote] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ title?: string; due?: string; repeat?: string[] }>({});
  const set = (change: Partial<EditorDraft>) => setDraft((current) => ({ ...current, ...change }));
  const people = props.assignees?.peopleIn(draft.listId) ?? null;

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  function changeRepeat(repeat: RecurrenceForm) {
    if (repeat.frequency === 'none' || draft.repeat.frequency !== 'none') {
      set({ repeat });
      return;
    }
    // [ED3] a series starts at the task's due: choosing a rule without one sets today, and says so; the rule's
    // weekday, day of month and month default to those of the due
    const date = draft.due.date || todayIn(timeZone);
    if (draft.due.date === '') setDueNote('A repeating task needs a due date, so it is set to today.');
    set({ repeat: { ...recurrenceFormFor(null, date), frequency: repeat.frequency }, due: { ...draft.due, date } });
  }

  function changeDue(due: DueInputs) {
    setDueNote(null);
    set({ due });
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const changes = changesOf(task, draft, { timeZone, today: todayIn(timeZone) });
    if (!changes.ok) {
      setProblems(changes.problems);
      return;
    }
    const listName =
      changes.patch.listId !== undefined
        ? pickableLists(props.lists, changes.patch.listId).find((l) => l.id === changes.patch.listId)?.name
        : undefined;
    props.onClose();
    void props.run(() => props.edits.save(task, changes.patch, changes.rule, listName));
  }

  return (
    <dialog ref={dialog} aria-labelledby="editor-heading" onClose={props.onClose} className="editor">
      <h2 id="editor-heading">{props.readOnly ? 'Task' : 'Edit task'}</h2>
      {props.problem && <p className="banner">Couldn’t sync: {props.problem}</p>}
      {props.readOnly && <p className="hint">You can view this shared list’s tasks but not change them.</p>}
      <form id="task-edit-form" onSubmit={save} noValidate>
        <ReadOnly when={props.readOnly}>
          <label htmlFor="edit-title">Title</label>
          <input
            id="edit-title"
            required
            maxLength={TASK_LIMITS.titleMaxLength}
            value={draft.title}
            aria-invalid={problems.title ? true : undefined}
            aria-describedby={problems.title ? 'edit-title-problem' : undefined}
            onChange={(e) => set({ title: e.target.value })}
          />
          {problems.title && (
            <p className="error" id="edit-title-problem" role="alert">
              {problems.title}
            </p>
          )}
          <label htmlFor="edit-description">Description</label>
          <textarea
            id="edit-description"
            maxLength={TASK_LIMITS.descriptionMaxLength}
            value={draft.description}
            onChange={(e) => set({ description: e.target.value })}
          />
          <div className="row">
            <div>
              <label htmlFor="edit-status">Status</label>
              <select id="edit-status" value={draft.status} onChange={(e) => set({ status: e.target.value as TaskStatus })}>
                {TASK_STATUSES.map((value) => (
                  <option key={value} value={value}>
                    {STATUS_LABELS[value]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="edit-priority">Priority</label>
              <select id="edit-priority" value={draft.priority} onChange={(e) => set({ priority: e.target.value as TaskPriority })}>
                {TASK_PRIORITIES.map((value) => (
                  <option key={value} value={value}>
                    {PRIORITY_LABELS[value]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <ListPicker lists={props.lists} value={draft.listId} onChange={(listId) => set({ listId })} />
          {props.assignees && people && (
            <AssigneePicker
              value={draft.assignee ?? null}
              people={people}
              me={props.assignees.me}
              onChange={(assignee) => set({ assignee })}
            />
          )}
          <DueFields value={draft.due} timeZone={timeZone} onChange={changeDue} note={dueNote} />
          {problems.due && (
            <p className="error" role="alert">
              {problems.due}
            </p>
          )}
          {task.recurrence && (
            <p className="hint">
              Now: {recurrenceSummary(task.recurrence.rule)}
              {task.status === 'done' ? ' (ended)' : ''}
            </p>
          )}
          <RecurrenceFields form={draft.repeat} onChange={changeRepeat} errors={problems.repeat ?? []} />
          <ReminderFields
            value={draft.reminders ?? []}
            timedDue={draft.due.date !== '' && draft.due.time !== ''}
            timeZone={timeZone}
            onChange={(reminders) => set({ reminders })}
          />
          <label htmlFor="edit-tags">Tags (comma-separated)</label>
          <input id="edit-tags" value={draft.tags} onChange={(e) => set({ tags: e.target.value })} />
        </ReadOnly>
      </form>
      <ReadOnly when={props.readOnly}>
        <ChecklistEditor task={task} edits={props.edits} run={props.run} />
      </ReadOnly>
      <div className="actions">
        {!props.readOnly && (
          <button type="button" className="danger" onClick={props.onDelete}>
            Delete
          </button>
        )}
        <button type="button" onClick={props.onClose}>
          {props.readOnly ? 'Close' : 'Cancel'}
        </button>
        {!props.readOnly && (
          <button type="submit" form="task-edit-form" className="primary">
            Save
          </button>
        )}
      </div>
    </dialog>
  );
}
