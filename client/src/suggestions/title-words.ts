/** Words that say nothing about where a task belongs. */
const STOP_WORDS = new Set(['a', 'an', 'and', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with', 'my', 'our', 'some']);

/**
 * [SG1] The features of a title: its words, lower-cased and in one Unicode spelling, without stop words, each once; the
 * first word again as `^word` (a leading verb, "buy", "call", "email", says much of a task's kind).
 */
export function titleWords(title: string): string[] {
  const words = title
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word));
  const features = new Set(words);
  if (words.length > 0) features.add(`^${words[0]}`);
  return [...features];
}
