/** One label's counts: how many examples carried it and how often each word appeared with it. */
type LabelCounts = { examples: number; words: Map<string, number>; wordTotal: number };

export type Prediction = { label: string; confidence: number };

/**
 * [SG1] Multinomial naive Bayes over title words with add-one smoothing: small (counts only), trained one example at a
 * time, so the device keeps it current as tasks are written. `predict` answers the likeliest label and its posterior
 * probability among the labels seen, or null when no word of the title was ever seen (nothing to go on).
 */
export class NaiveBayes {
  private readonly labels = new Map<string, LabelCounts>();
  private readonly vocabulary = new Set<string>();
  private examples = 0;

  get size(): number {
    return this.examples;
  }

  add(words: readonly string[], label: string): void {
    let counts = this.labels.get(label);
    if (!counts) {
      counts = { examples: 0, words: new Map(), wordTotal: 0 };
      this.labels.set(label, counts);
    }
    counts.examples += 1;
    this.examples += 1;
    for (const word of words) {
      counts.words.set(word, (counts.words.get(word) ?? 0) + 1);
      counts.wordTotal += 1;
      this.vocabulary.add(word);
    }
  }

  /** How many examples carried `label`. */
  support(label: string): number {
    return this.labels.get(label)?.examples ?? 0;
  }

  predict(words: readonly string[]): Prediction | null {
    const known = words.filter((word) => this.vocabulary.has(word));
    if (known.length === 0 || this.labels.size === 0) return null;
    const vocabularySize = this.vocabulary.size;
    const scores: Array<[string, number]> = [];
    for (const [label, counts] of this.labels) {
      let score = Math.log(counts.examples / this.examples);
      for (const word of known) score += Math.log(((counts.words.get(word) ?? 0) + 1) / (counts.wordTotal + vocabularySize));
      scores.push([label, score]);
    }
    const best = Math.max(...scores.map(([, score]) => score));
    let total = 0;
    let winner = scores[0]!;
    for (const entry of scores) {
      total += Math.exp(entry[1] - best);
      if (entry[1] > winner[1]) winner = entry;
    }
    return { label: winner[0], confidence: 1 / total };
  }
}
