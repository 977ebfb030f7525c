/** One completed occurrence of a series: which, and when it was completed. */
export type Completion = { occurrence: number; at: string };

/**
 * [IN2] The completions of a series' earlier occurrences: advancing in place (a completed occurrence becomes the next
 * one, [DM10]) would otherwise forget when each was completed, and Insights counts them. At most this many, the latest:
 * twelve weeks of a daily series fit.
 */
export const COMPLETIONS_MAX = 100;

/** Why a log of completions is not one: ascending by occurrence, each occurrence once, at most `COMPLETIONS_MAX`. */
export function completionsProblem(completions: readonly Completion[]): string | null {
  if (completions.length > COMPLETIONS_MAX) return `at most ${COMPLETIONS_MAX} completions`;
  for (let index = 1; index < completions.length; index += 1) {
    if (completions[index - 1]!.occurrence >= completions[index]!.occurrence)
      return 'completions must be ascending by occurrence, each once';
  }
  return null;
}

/**
 * The one spelling of a log: by occurrence, the earliest time each was completed (two devices that completed the same
 * occurrence completed it once), the latest `COMPLETIONS_MAX` occurrences kept.
 */
export function canonicalCompletions(entries: Iterable<Completion>): Completion[] {
  const byOccurrence = new Map<number, string>();
  for (const { occurrence, at } of entries) {
    const known = byOccurrence.get(occurrence);
    if (known === undefined || at < known) byOccurrence.set(occurrence, at);
  }
  return [...byOccurrence]
    .sort(([a], [b]) => a - b)
    .slice(-COMPLETIONS_MAX)
    .map(([occurrence, at]) => ({ occurrence, at }));
}

/**
 * [IN2] Two devices' logs merged: every occurrence either knows completed, at the earlier time when both do, the latest
 * `COMPLETIONS_MAX` kept. A join (order, grouping and repetition of merges change nothing), so replicas converge.
 */
export function joinCompletions(a: readonly Completion[], b: readonly Completion[]): Completion[] {
  return canonicalCompletions([...a, ...b]);
}

/** The log after completing `occurrence` at `at`. */
export function withCompletion(completions: readonly Completion[], occurrence: number, at: string): Completion[] {
  return canonicalCompletions([...completions, { occurrence, at }]);
}

/**
 * [IN2] The rule between the log and the rest of the task: only occurrences already completed (below the counter).
 * It holds across merges (the counter only grows). No rule ties a completion's time to `updatedAt`: devices' clocks
 * differ, and a later edit on a slower clock is still a later edit.
 */
export function completionsAgainstTask(task: { occurrence: number; completions: readonly Completion[] }): string | null {
  return task.completions.some(({ occurrence }) => occurrence >= task.occurrence)
    ? 'a completion must be of an occurrence before the current one'
    : null;
}
