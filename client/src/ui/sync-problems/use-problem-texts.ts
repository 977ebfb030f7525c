import { useMemo } from 'react';
import type { SyncEngine } from '../../sync/sync-engine';
import { syncProblemsOf, type RefusedEdit } from '../../sync/sync-problems';
import { useObservable } from '../tasks/use-observable';
import { problemTexts, type ListNames } from './no-access';
import type { AssigneeNames } from './refused-assignee';

const NONE: ReadonlyMap<string, RefusedEdit> = new Map();

/** [RJ5] [SC5] [SC7] The refusals' texts as rows, the editor and the navigation show them. */
export function useProblemTexts(
  engine: SyncEngine | null,
  problems: ReadonlyMap<string, string> | undefined,
  names: ListNames,
  assignees?: AssigneeNames,
): ReadonlyMap<string, string> | undefined {
  const edits$ = useMemo(() => (engine ? syncProblemsOf(engine.replication.collection.database).edits$ : null), [engine]);
  const edits = useObservable<ReadonlyMap<string, RefusedEdit>>(edits$, NONE);
  return useMemo(() => problemTexts(problems, edits, names, assignees), [problems, edits, names, assignees]);
}
