/** Longest word prefix kept in the search field; longer words are also kept whole. */
const MAX_PREFIX_LENGTH = 24;
const MAX_QUERY_WORDS = 16;

/** NFKC, lower case, diacritics removed: the same folding for documents and queries. */
function foldedWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * Every prefix of every word of a task's title and description. MongoDB's text
 * index matches whole tokens only, so the prefixes are indexed as tokens too:
 * the REST `q` search then matches word prefixes on both stores ([L2]).
 */
export function searchPrefixes(title: string, description: string): string[] {
  const prefixes = new Set<string>();
  for (const word of foldedWords(`${title} ${description}`)) {
    const chars = [...word];
    for (let length = 1; length <= Math.min(chars.length, MAX_PREFIX_LENGTH); length += 1) {
      prefixes.add(chars.slice(0, length).join(''));
    }
    prefixes.add(word);
  }
  return [...prefixes];
}

/** The words of a search box entry, folded like `searchPrefixes`; empty when nothing is searchable. */
export function searchWords(text: string): string[] {
  return [...new Set(foldedWords(text).map((word) => [...word].slice(0, MAX_PREFIX_LENGTH).join('')))].slice(0, MAX_QUERY_WORDS);
}
