export const TASK_STATUSES = ['todo', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_PRIORITIES = ['low', 'medium', 'high'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_LIMITS = {
  idMaxLength: 64,
  titleMaxLength: 500,
  descriptionMaxLength: 10_000,
  tagsMaxCount: 20,
  tagMaxLength: 40,
  isoDateMaxLength: 40,
} as const;

/**
 * Fields the three-way merge walks over ([M1], [M2]). The recurrence fields and the checklist are not among them:
 * they merge as joins, without a base ([DM11], [DM14]).
 */
export const TASK_EDITABLE_FIELDS = [
  'title',
  'description',
  'status',
  'priority',
  'listId',
  'assignee',
  'due',
  'order',
  'tags',
  'completedAt',
  '_deleted',
] as const;
export type TaskEditableField = (typeof TASK_EDITABLE_FIELDS)[number];
