/**
 * [UC1] Characters no user text may gain on write: C0 controls (U+0000–U+001F) and DEL, C1 controls (U+007F–U+009F), the
 * bidi embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069) — they reorder what a reader sees ("Trojan
 * source") or confuse logs and CSV. Multi-line text (a description) may hold TAB, LF and CR. ZWJ, LRM/RLM
 * (U+200E/U+200F) and right-to-left letters are text, never refused. Zod-free: the PWA uses it too.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this rule's purpose
const UNSAFE_SINGLE_LINE = /[\0-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- as above
const UNSAFE_MULTI_LINE = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

export type TextKind = { multiline?: boolean };

/** The first unsafe character of `text` and its UTF-16 index, or null when there is none. */
export function findUnsafeCharacter(text: string, kind: TextKind = {}): { index: number; codePoint: number } | null {
  const match = (kind.multiline ? UNSAFE_MULTI_LINE : UNSAFE_SINGLE_LINE).exec(text);
  return match ? { index: match.index, codePoint: match[0].charCodeAt(0) } : null;
}

/**
 * [UC3] `text` made safe as it is typed or pasted: on one line, a line break or tab becomes a space; every other unsafe
 * character is dropped. Safe text comes back unchanged.
 */
export function stripUnsafeCharacters(text: string, kind: TextKind = {}): string {
  const lines = kind.multiline ? text : text.replace(/\r\n|[\r\n\t]/g, ' ');
  return lines.replace(new RegExp((kind.multiline ? UNSAFE_MULTI_LINE : UNSAFE_SINGLE_LINE).source, 'g'), '');
}

/** `U+202E`, as messages name a character. */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}
