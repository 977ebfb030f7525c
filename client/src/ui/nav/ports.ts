import type { Observable } from 'rxjs';
import type { ListColour, TaskList } from '@tasklane/shared/domain/task-list';
import { liveLists } from '../../db/live-lists';
import type { ListRepository, TasksOfDeletedList } from '../../db/list-repository';
import type { TaskListCollection } from '../../db/create-task-db';
import { undoAll, type Undo } from '../../db/undo';

export type ListDraft = { name: string; colour: ListColour };
export type ListPatch = Partial<Pick<TaskList, 'name' | 'colour' | 'archived'>>;
/** What deleting a list does with its tasks (the dialog asks). */
export type ListTasksOnDelete = TasksOfDeletedList;

/** What the navigation needs from the lists collection: the live lists and the writes of its dialogs. */
export type ListsPort = {
  /** Every list that is not deleted (archived ones included), live. */
  lists$: Observable<TaskList[]>;
  create(draft: ListDraft): Promise<TaskList>;
  /** The changed fields, and their undo. */
  update(id: string, patch: ListPatch): Promise<Undo>;
  /** To `position` among every list but the Inbox, archived ones included ([LO1]); one order key, and its undo. */
  reorder(id: string, position: number): Promise<Undo>;
  /** Moves or deletes the list's tasks first (ordinary task writes), then writes the list's tombstone; the undo brings both back. */
  remove(id: string, tasks: ListTasksOnDelete): Promise<Undo>;
};

/** The port on the data layer's live query and repository (`client/src/db/live-lists.ts`, `list-repository.ts`). */
export function listsPortOf(collection: TaskListCollection, repository: ListRepository, lists$ = liveLists(collection)): ListsPort {
  return {
    lists$,
    create: (draft) => repository.create(draft),
    async update(id, patch) {
      const undos: Undo[] = [];
      if (patch.name !== undefined) undos.push(await repository.rename(id, patch.name));
      if (patch.colour !== undefined) undos.push(await repository.recolour(id, patch.colour));
      if (patch.archived !== undefined) undos.push(await repository.archive(id, patch.archived));
      return undoAll(undos);
    },
    reorder: (id, position) => repository.reorder(id, position),
    remove: (id, tasks) => repository.remove(id, tasks),
  };
}
