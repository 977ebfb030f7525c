import type { TaskList } from '@tasklane/shared/domain/task-list';

/** [RJ5] The lists as the navigation names them: a list the server refused reads "<name> · Couldn't sync: <why>". */
export function withProblems(lists: readonly TaskList[], problems: ReadonlyMap<string, string> | undefined): readonly TaskList[] {
  if (!problems?.size) return lists;
  return lists.map((list) => {
    const problem = problems.get(`lists:${list.id}`);
    return problem ? { ...list, name: `${list.name} · Couldn’t sync: ${problem}` } : list;
  });
}
