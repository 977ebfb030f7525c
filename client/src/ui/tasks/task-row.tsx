import { memo } from 'react';
import type { Task } from '@tasklane/shared/domain/task';
import { STATUS_LABELS } from './task-labels';

export const TaskRow = memo(function TaskRow(props: {
  task: Task;
  unsynced: boolean;
  onToggle: (id: string) => void;
  onOpen: (id: string) => void;
  onDelete: (id: string) => void;
}) {
  const { task, unsynced } = props;
  const done = task.status === 'done';
  return (
    <li className={`task${done ? ' done' : ''}`} data-task-id={task.id} data-unsynced={unsynced ? 'true' : 'false'}>
      <input
        type="checkbox"
        checked={done}
        onChange={() => props.onToggle(task.id)}
        aria-label={`Mark “${task.title}” ${done ? 'not done' : 'done'}`}
      />
      <div className="task-main">
        <button type="button" className="task-title" onClick={() => props.onOpen(task.id)} aria-label={`Edit “${task.title}”`}>
          {task.title}
        </button>
        <div className="meta">
          <span>{STATUS_LABELS[task.status]}</span>
          {task.priority !== 'medium' && (
            <span className={`badge ${task.priority}`}>{task.priority === 'high' ? 'High priority' : 'Low priority'}</span>
          )}
          {task.dueAt && <span>Due {new Date(task.dueAt).toLocaleDateString()}</span>}
          {task.tags.map((tag) => (
            <span key={tag} className="badge">
              #{tag}
            </span>
          ))}
          {unsynced && (
            <span className="badge unsynced" data-testid="unsynced-marker" title="Not synced yet">
              Not synced yet
            </span>
          )}
        </div>
      </div>
      <button type="button" className="danger" onClick={() => props.onDelete(task.id)} aria-label={`Delete “${task.title}”`}>
        Delete
      </button>
    </li>
  );
});
