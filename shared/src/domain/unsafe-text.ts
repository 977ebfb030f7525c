/**
 * [UC1] Characters no user text may gain on write: C0 controls (U+0000–U+001F) and DEL, C1 controls (U+007F–U+009F), the
 * bidi embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069) — they reorder what a reader sees ("Trojan
 * source") or confuse logs and CSV — the line and paragraph separators U+2028/U+2029 (in one-line text), U+FEFF, the tag
 * characters U+E0000–U+E007F (invisible ASCII, "ASCII smuggling") outside an emoji flag's tag sequence, and unpaired
 * surrogates (a store would turn them into U+FFFD, so what it holds would differ from what was pushed). Multi-line text (a
 * description) may hold TAB, LF, CR, U+2028 and U+2029. ZWJ, ZWNJ, the bidi marks LRM, RLM and ALM (U+200E, U+200F,
 * U+061C: they reorder nothing around them) and right-to-left letters are text, never refused. Zod-free: the PWA uses it too.
 */
const ALWAYS = '\\0-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069\\ufeff\\ud800-\\udfff\\u{e0000}-\\u{e007f}';
const LINE_BREAKS = '\\t\\n\\r\\u2028\\u2029';
/** An emoji tag sequence (🏴 + a subdivision code in tag letters and digits + CANCEL TAG, as 🏴󠁧󠁢󠁳󠁣󠁴󠁿): text, matched first and kept. */
const FLAG_TAG_SEQUENCE = '\\u{1f3f4}[\\u{e0030}-\\u{e0039}\\u{e0061}-\\u{e007a}]{1,7}\\u{e007f}';

// Built once: a RegExp made per call (as `matchAll` also does) cost a compile-cache lookup per text of every push.
// Global patterns keep `lastIndex`, so each use starts it at 0 and leaves it there.
const MULTI_LINE_UNSAFE = new RegExp(`(${FLAG_TAG_SEQUENCE})|[${ALWAYS}]`, 'gu');
const ONE_LINE_UNSAFE = new RegExp(`(${FLAG_TAG_SEQUENCE})|[${ALWAYS}${LINE_BREAKS}]`, 'gu');
const unsafePattern = (multiline: boolean) => (multiline ? MULTI_LINE_UNSAFE : ONE_LINE_UNSAFE);

export type TextKind = { multiline?: boolean };

/** The first unsafe character of `text` and its UTF-16 index, or null when there is none. */
export function findUnsafeCharacter(text: string, kind: TextKind = {}): { index: number; codePoint: number } | null {
  const pattern = unsafePattern(kind.multiline === true);
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[1] === undefined) {
      pattern.lastIndex = 0;
      return { index: match.index, codePoint: match[0].codePointAt(0)! };
    }
  }
  return null; // a failed exec set lastIndex back to 0
}

/**
 * [UC3] `text` made safe as it is typed or pasted: on one line, a line break or tab becomes a space; every other unsafe
 * character is dropped. Safe text comes back unchanged.
 */
export function stripUnsafeCharacters(text: string, kind: TextKind = {}): string {
  const lines = kind.multiline ? text : text.replace(/\r\n|[\r\n\t\u2028\u2029]/g, ' ');
  return lines.replace(unsafePattern(kind.multiline === true), (found, flag: string | undefined) => flag ?? '');
}

/** `U+202E`, as messages name a character. */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}
