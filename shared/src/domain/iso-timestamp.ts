import { TASK_LIMITS } from './task-fields';

/**
 * An ISO-8601 date-time with seconds and a `Z` or `±hh:mm` offset, on a real calendar day: the pattern of zod's
 * `z.iso.datetime({ offset: true })`, which `isoDateTimeSchema` uses (a test keeps the two equal).
 */
export const ISO_DATE_TIME_PATTERN = new RegExp(
  '^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))' +
    'T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$',
);

export const CANONICAL_RANGE_MESSAGE = 'the instant must fall within the years 0000–9999 (UTC)';

/** The instant in its canonical spelling ([D7]): UTC, milliseconds, `Z` — what `Date.prototype.toISOString` writes. */
function canonicalTimestamp(value: string): string {
  return new Date(value).toISOString();
}

/** Instants whose canonical spelling is again `YYYY-MM-DDTHH:mm:ss.sssZ` (no extended years). */
export function inCanonicalRange(value: string): boolean {
  const year = new Date(value).getUTCFullYear();
  return year >= 0 && year <= 9999;
}

/** Why `value` is not what `isoDateTimeSchema` accepts, or `null` when it is (the same rules, without zod). */
export function isoDateTimeProblem(value: string): string | null {
  if (!ISO_DATE_TIME_PATTERN.test(value)) return 'must be an ISO-8601 date-time with seconds and an offset or Z';
  if (value.length > TASK_LIMITS.isoDateMaxLength) return `must be at most ${TASK_LIMITS.isoDateMaxLength} characters`;
  return inCanonicalRange(value) ? null : CANONICAL_RANGE_MESSAGE;
}

type Timestamped = { createdAt: string; updatedAt: string; completedAt: string | null };

/** The same document with its timestamps in their canonical spelling ([D7]; a due's instant: `canonicalDue`). */
export function withCanonicalTimestamps<T extends Timestamped>(task: T): T {
  return {
    ...task,
    createdAt: canonicalTimestamp(task.createdAt),
    updatedAt: canonicalTimestamp(task.updatedAt),
    completedAt: task.completedAt === null ? null : canonicalTimestamp(task.completedAt),
  };
}
