import type { HistoryExample } from '../../src/suggestions/history-example';
import { dueBucketOf, TaskSuggester, type SuggesterOptions, type TaskSuggestion } from '../../src/suggestions/task-suggester';

/** How one kind of suggestion did on the held-out tasks, as fractions. */
export type SingleReport = { shown: number; rightWhenShown: number; rightAlwaysAnswering: number; baseline: number };
export type TagReport = { precision: number; recall: number; baselinePrecision: number; baselineRecall: number };
export type SuggestionReport = {
  trained: number;
  tested: number;
  list: SingleReport;
  priority: SingleReport;
  due: SingleReport;
  tags: TagReport;
};

type Single = 'list' | 'priority' | 'due';

const truthOf: Record<Single, (example: HistoryExample) => string> = {
  list: (example) => example.listId,
  priority: (example) => example.priority,
  due: (example) => dueBucketOf(example.dueInDays),
};

const answerOf: Record<Single, (suggestion: TaskSuggestion) => string | null> = {
  list: (suggestion) => suggestion.listId?.value ?? null,
  priority: (suggestion) => suggestion.priority?.value ?? null,
  due: (suggestion) => (suggestion.dueInDays ? dueBucketOf(suggestion.dueInDays.value) : null),
};

function mostFrequent(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

const round = (fraction: number) => Math.round(fraction * 1000) / 1000;

function trained(history: readonly HistoryExample[], options?: SuggesterOptions): TaskSuggester {
  const suggester = new TaskSuggester(options);
  for (const example of history) suggester.learn(example);
  return suggester;
}

/**
 * [SG3] Trains on the first 80 % of a history (in the order it was written) and suggests for each of the rest: how
 * often a suggestion shows and is right, against always suggesting the most frequent value of the training part.
 */
export function evaluateSuggestions(history: readonly HistoryExample[]): SuggestionReport {
  const split = Math.floor(history.length * 0.8);
  const [training, test] = [history.slice(0, split), history.slice(split)];
  const shown = trained(training);
  const always = trained(training, { confidence: 0, minHistory: 0 });
  const suggestions = test.map((example) => ({ example, shown: shown.suggest(example.title), always: always.suggest(example.title) }));

  const single = (kind: Single): SingleReport => {
    const baseline = mostFrequent(training.map(truthOf[kind]));
    const answered = suggestions.filter(({ shown: suggestion }) => answerOf[kind](suggestion) !== null);
    const right = answered.filter(({ example, shown: suggestion }) => answerOf[kind](suggestion) === truthOf[kind](example));
    const alwaysRight = suggestions.filter(
      ({ example, always: suggestion }) => (answerOf[kind](suggestion) ?? 'none') === truthOf[kind](example),
    );
    return {
      shown: round(answered.length / test.length),
      rightWhenShown: round(answered.length === 0 ? 0 : right.length / answered.length),
      rightAlwaysAnswering: round(alwaysRight.length / test.length),
      baseline: round(test.filter((example) => truthOf[kind](example) === baseline).length / test.length),
    };
  };

  const commonestTag = mostFrequent(training.flatMap((example) => example.tags));
  let suggested = 0;
  let correct = 0;
  let truths = 0;
  let baselineCorrect = 0;
  for (const { example, shown: suggestion } of suggestions) {
    truths += example.tags.length;
    suggested += suggestion.tags.length;
    correct += suggestion.tags.filter((tag) => example.tags.includes(tag.value)).length;
    if (example.tags.includes(commonestTag)) baselineCorrect += 1;
  }
  return {
    trained: training.length,
    tested: test.length,
    list: single('list'),
    priority: single('priority'),
    due: single('due'),
    tags: {
      precision: round(suggested === 0 ? 0 : correct / suggested),
      recall: round(correct / truths),
      baselinePrecision: round(baselineCorrect / test.length),
      baselineRecall: round(baselineCorrect / truths),
    },
  };
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;

/** The report as the Markdown table docs/suggestions.md holds. */
export function reportTable(report: SuggestionReport): string {
  const row = (name: string, entry: SingleReport) =>
    `| ${name} | ${percent(entry.shown)} | ${percent(entry.rightWhenShown)} | ${percent(entry.rightAlwaysAnswering)} | ${percent(entry.baseline)} |`;
  return [
    `Trained on ${report.trained} tasks, tested on the next ${report.tested}.`,
    '',
    '| suggestion | shown | right when shown | right, always answering | most frequent value (baseline) |',
    '|---|---|---|---|---|',
    row('list', report.list),
    row('priority', report.priority),
    row('due (span)', report.due),
    '',
    '| tags | precision | recall |',
    '|---|---|---|',
    `| suggested (confident) | ${percent(report.tags.precision)} | ${percent(report.tags.recall)} |`,
    `| baseline: always the most frequent tag | ${percent(report.tags.baselinePrecision)} | ${percent(report.tags.baselineRecall)} |`,
  ].join('\n');
}
