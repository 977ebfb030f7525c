import { INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';

export const LIST_LIMITS = {
  /**
   * [LR12] Live lists per account besides the Inbox, archived ones included: a list drawer of hundreds is already more
   * than anyone scrolls, and the cap bounds what a create reads to find the cap and the last list's order.
   */
  maxLiveLists: 500,
} as const;

/**
 * [LR8] The Inbox of an account in which no device has stored one yet: the document every device starts with
 * (client/src/db/inbox.ts), clocks at the epoch, so any stored edit of it wins every field of a merge.
 */
export const DEFAULT_INBOX: TaskList = {
  id: INBOX_LIST_ID,
  name: 'Inbox',
  colour: 'grey',
  order: 'a0',
  archived: false,
  inbox: true,
  createdAt: '1970-01-01T00:00:00.000Z',
  updatedAt: '1970-01-01T00:00:00.000Z',
  _deleted: false,
};
