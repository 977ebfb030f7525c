/**
 * Turns free text into an FTS5 query that matches every word as a prefix.
 * Words are quoted, so FTS5 operators typed by a user are plain text.
 */
export function toFtsPrefixQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 16);
  if (words.length === 0) return null;
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}
