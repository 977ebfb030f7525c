import { z } from 'zod';
import { TASK_LIMITS } from './task-fields';

/** The instant in its canonical spelling ([D7]): UTC, milliseconds, `Z` — what `Date.prototype.toISOString` writes. */
function canonicalTimestamp(value: string): string {
  return new Date(value).toISOString();
}

/** Instants whose canonical spelling is again `YYYY-MM-DDTHH:mm:ss.sssZ` (no extended years). */
function inCanonicalRange(value: string): boolean {
  const year = new Date(value).getUTCFullYear();
  return year >= 0 && year <= 9999;
}

/**
 * An ISO-8601 date-time with offset, at most 40 characters (RxDB's bound on indexed strings, [D6]), whose UTC
 * instant lies in the years 0000–9999 so that it has a canonical spelling. The server stores the canonical
 * spelling ([D7]); any other valid spelling is accepted on input.
 */
export const isoDateTimeSchema = z.iso
  .datetime({ offset: true })
  .max(TASK_LIMITS.isoDateMaxLength)
  .refine(inCanonicalRange, { message: 'the instant must fall within the years 0000–9999 (UTC)' });

type Timestamped = { createdAt: string; updatedAt: string; dueAt: string | null; completedAt: string | null };

/** The same document with every timestamp in its canonical spelling ([D7]). */
export function withCanonicalTimestamps<T extends Timestamped>(task: T): T {
  return {
    ...task,
    createdAt: canonicalTimestamp(task.createdAt),
    updatedAt: canonicalTimestamp(task.updatedAt),
    dueAt: task.dueAt === null ? null : canonicalTimestamp(task.dueAt),
    completedAt: task.completedAt === null ? null : canonicalTimestamp(task.completedAt),
  };
}
