import { INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';

/**
 * The lists a task can move to: the Inbox first, then the others by their order; an archived list shows only while
 * the task is in it. A task whose list this device does not hold (or a deleted one) is in the Inbox ([DM18] §2).
 */
export function pickableLists(lists: readonly TaskList[], currentListId: string): TaskList[] {
  return lists
    .filter((list) => !list._deleted && (!list.archived || list.id === currentListId))
    .sort((a, b) => Number(b.inbox) - Number(a.inbox) || (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1));
}

export function shownListId(lists: readonly TaskList[], listId: string): string {
  return lists.some((list) => list.id === listId && !list._deleted) ? listId : INBOX_LIST_ID;
}

/** [ED1] Moving a task to another list: a labelled select of the lists. */
export function ListPicker(props: { lists: readonly TaskList[]; value: string; onChange: (listId: string) => void }) {
  const lists = pickableLists(props.lists, props.value);
  return (
    <>
      <label htmlFor="edit-list">List</label>
      <select id="edit-list" value={shownListId(lists, props.value)} onChange={(e) => props.onChange(e.target.value)}>
        {lists.length === 0 && <option value={INBOX_LIST_ID}>Inbox</option>}
        {lists.map((list) => (
          <option key={list.id} value={list.id}>
            {list.name}
            {list.archived ? ' (archived)' : ''}
          </option>
        ))}
      </select>
    </>
  );
}
