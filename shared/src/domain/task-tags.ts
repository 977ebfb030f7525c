/**
 * A tag in its canonical spelling ([D5]): Unicode NFC, so "café" typed with a combining accent on one
 * keyboard and precomposed on another is one tag, on every device.
 */
export function canonicalTag(tag: string): string {
  return tag.normalize('NFC');
}

/** True when no two tags are the same once canonical ([D5]). */
export function tagsAreDistinct(tags: readonly string[]): boolean {
  return new Set(tags.map(canonicalTag)).size === tags.length;
}

/** The same document with every tag in its canonical spelling ([D5]). */
export function withCanonicalTags<T extends { tags: string[] }>(task: T): T {
  return task.tags.every((tag) => canonicalTag(tag) === tag) ? task : { ...task, tags: task.tags.map(canonicalTag) };
}

/** What a device writes for tags the user typed: canonical, each once, in the order typed. */
export function canonicalTagSet(tags: readonly string[]): string[] {
  return [...new Set(tags.map(canonicalTag))];
}
