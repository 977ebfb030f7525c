import type { TaskPriority } from '@tasklane/shared/domain/task-fields';
import type { HistoryExample } from './history-example';
import { NaiveBayes } from './naive-bayes';
import { titleWords } from './title-words';

/** [SG2] A suggestion is shown only when the model gives it at least this posterior probability. */
export const SUGGESTION_CONFIDENCE = 0.7;
/** [SG2] Nothing is suggested before the device has learned from this many tasks. */
export const MIN_HISTORY = 20;
/** A tag is learned once this many tasks carried it. */
const MIN_TAG_SUPPORT = 3;

export type Suggested<T> = { value: T; confidence: number };

export type TaskSuggestion = {
  listId: Suggested<string> | null;
  tags: Array<Suggested<string>>;
  priority: Suggested<TaskPriority> | null;
  /** Days after today; null: suggest no due. */
  dueInDays: Suggested<number> | null;
};

const NO_DUE = 'none';

/** The span a due falls in, as one label: the model learns "a week out", not each day. */
export function dueBucketOf(days: number | null): string {
  if (days === null) return NO_DUE;
  if (days <= 0) return '0';
  if (days === 1) return '1';
  if (days < 7) return '2-6';
  if (days < 14) return '7-13';
  return '14+';
}

function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = values[0]!;
  for (const [value, count] of counts) if (count > counts.get(best)! || (count === counts.get(best)! && value < best)) best = value;
  return best;
}

export type SuggesterOptions = { confidence: number; minHistory: number };

/**
 * [SG1] [SG2] Learns, from the user's own tasks on this device, which list, tags, priority and due a title tends to
 * get, and suggests them for a new title when confident. Nothing leaves the device: it is counts in memory, built
 * from the local database.
 */
export class TaskSuggester {
  private readonly lists = new NaiveBayes();
  private readonly priorities = new NaiveBayes();
  private readonly dues = new NaiveBayes();
  private readonly tags = new Map<string, NaiveBayes>();
  private readonly tagCounts = new Map<string, number>();
  private readonly offsetsByBucket = new Map<string, number[]>();
  private readonly history: Array<{ words: string[]; tags: readonly string[] }> = [];

  constructor(private readonly options: SuggesterOptions = { confidence: SUGGESTION_CONFIDENCE, minHistory: MIN_HISTORY }) {}

  private confident<T>(prediction: { label: string; confidence: number } | null, value: (label: string) => T): Suggested<T> | null {
    if (!prediction || prediction.confidence < this.options.confidence) return null;
    return { value: value(prediction.label), confidence: prediction.confidence };
  }

  get size(): number {
    return this.history.length;
  }

  learn(example: HistoryExample): void {
    const words = titleWords(example.title);
    this.lists.add(words, example.listId);
    this.priorities.add(words, example.priority);
    const bucket = dueBucketOf(example.dueInDays);
    this.dues.add(words, bucket);
    if (example.dueInDays !== null)
      this.offsetsByBucket.set(bucket, [...(this.offsetsByBucket.get(bucket) ?? []), Math.max(0, example.dueInDays)]);
    for (const [tag, model] of this.tags) model.add(words, example.tags.includes(tag) ? 'yes' : 'no');
    this.history.push({ words, tags: example.tags });
    for (const tag of example.tags) this.countTag(tag);
  }

  /** A tag starts its own model once it is common enough, trained on everything seen so far. */
  private countTag(tag: string): void {
    const count = (this.tagCounts.get(tag) ?? 0) + 1;
    this.tagCounts.set(tag, count);
    if (count !== MIN_TAG_SUPPORT) return;
    const model = new NaiveBayes();
    for (const seen of this.history) model.add(seen.words, seen.tags.includes(tag) ? 'yes' : 'no');
    this.tags.set(tag, model);
  }

  suggest(title: string): TaskSuggestion {
    const none: TaskSuggestion = { listId: null, tags: [], priority: null, dueInDays: null };
    const words = titleWords(title);
    if (this.history.length < this.options.minHistory || words.length === 0) return none;
    const tags: Array<Suggested<string>> = [];
    for (const [tag, model] of this.tags) {
      const prediction = model.predict(words);
      if (prediction?.label === 'yes' && prediction.confidence >= this.options.confidence)
        tags.push({ value: tag, confidence: prediction.confidence });
    }
    tags.sort((a, b) => b.confidence - a.confidence || a.value.localeCompare(b.value));
    const due = this.confident(this.dues.predict(words), (bucket) => bucket);
    return {
      listId: this.confident(this.lists.predict(words), (label) => label),
      tags,
      priority: this.confident(this.priorities.predict(words), (label) => label as TaskPriority),
      dueInDays:
        due && due.value !== NO_DUE ? { value: mostCommon(this.offsetsByBucket.get(due.value) ?? [0]), confidence: due.confidence } : null,
    };
  }
}
