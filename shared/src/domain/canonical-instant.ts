import { z } from 'zod';

const CANONICAL_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * An instant in the one spelling `Date.prototype.toISOString` writes (docs/protocol.md [D7]). The merge clocks of the
 * v2 fields accept only this spelling, so that comparing them as text compares instants and a merge result never
 * depends on how a device spelled a time ([DM11], [DM14]).
 */
export const canonicalInstantSchema = z.string().refine((value) => CANONICAL_SHAPE.test(value) && new Date(value).toISOString() === value, {
  message: 'must be an instant spelled YYYY-MM-DDTHH:mm:ss.sssZ (UTC, milliseconds)',
});

/** The later of two canonical instants, as text. */
export function laterInstant(a: string, b: string): string {
  return a >= b ? a : b;
}

/** One millisecond after a canonical instant: a clock that must move past what it has seen. */
export function instantAfter(instant: string): string {
  return new Date(Date.parse(instant) + 1).toISOString();
}
