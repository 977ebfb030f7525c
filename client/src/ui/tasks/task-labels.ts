import type { TaskPriority, TaskStatus } from '@tasklane/shared/domain/task-fields';

/** What people read for each status and priority, wherever the UI shows or offers one. */
export const STATUS_LABELS: Record<TaskStatus, string> = { todo: 'To do', in_progress: 'In progress', done: 'Done' };
export const PRIORITY_LABELS: Record<TaskPriority, string> = { low: 'Low', medium: 'Medium', high: 'High' };
