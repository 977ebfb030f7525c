import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Task } from '@tasklane/shared/domain/task';
import { TASK_LIMITS, TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from '@tasklane/shared/domain/task-fields';
import type { TaskPatch } from '../../db/task-repository';
import { dateInputFromDueAt, dueAtFromDateInput } from './due-date';
import { PRIORITY_LABELS, STATUS_LABELS } from './task-labels';

function parseTags(text: string): string[] {
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim().replace(/^#/, '').slice(0, TASK_LIMITS.tagMaxLength);
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags.slice(0, TASK_LIMITS.tagsMaxCount);
}

/** A modal dialog (native <dialog>: focus is trapped and Escape closes it). */
export function TaskEditor(props: { task: Task; onSave: (patch: TaskPatch) => void; onDelete: () => void; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { task } = props;
  const [title, setTitle] = useState(task.title);
  const [description, setDescription] = useState(task.description);
  const [status, setStatus] = useState<TaskStatus>(task.status);
  const [priority, setPriority] = useState<TaskPriority>(task.priority);
  const [due, setDue] = useState(dateInputFromDueAt(task.dueAt));
  const [tags, setTags] = useState(task.tags.join(', '));

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  function save(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) return;
    const next: TaskPatch = { title: title.trim(), description, status, priority, dueAt: dueAtFromDateInput(due), tags: parseTags(tags) };
    // Only the fields that changed: the conflict merge then keeps other devices' edits.
    const patch: TaskPatch = {};
    for (const key of Object.keys(next) as (keyof TaskPatch)[]) {
      if (JSON.stringify(next[key]) !== JSON.stringify(task[key])) Object.assign(patch, { [key]: next[key] });
    }
    props.onSave(patch);
  }

  return (
    <dialog ref={dialog} aria-labelledby="editor-heading" onClose={props.onClose}>
      <form onSubmit={save}>
        <h2 id="editor-heading">Edit task</h2>
        <label htmlFor="edit-title">Title</label>
        <input id="edit-title" required maxLength={TASK_LIMITS.titleMaxLength} value={title} onChange={(e) => setTitle(e.target.value)} />
        <label htmlFor="edit-description">Description</label>
        <textarea
          id="edit-description"
          maxLength={TASK_LIMITS.descriptionMaxLength}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <div className="row">
          <div>
            <label htmlFor="edit-status">Status</label>
            <select id="edit-status" value={status} onChange={(e) => setStatus(e.target.value as TaskStatus)}>
              {TASK_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {STATUS_LABELS[value]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="edit-priority">Priority</label>
            <select id="edit-priority" value={priority} onChange={(e) => setPriority(e.target.value as TaskPriority)}>
              {TASK_PRIORITIES.map((value) => (
                <option key={value} value={value}>
                  {PRIORITY_LABELS[value]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <label htmlFor="edit-due">Due date</label>
        <input id="edit-due" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        <label htmlFor="edit-tags">Tags (comma-separated)</label>
        <input id="edit-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
        <div className="actions">
          <button type="button" className="danger" onClick={props.onDelete}>
            Delete
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}
