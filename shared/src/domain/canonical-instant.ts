const CANONICAL_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Why `value` is not an instant in the one spelling `Date.prototype.toISOString` writes (docs/protocol.md [D7]), or
 * `null` when it is one. The merge clocks of the v2 fields accept only this spelling, so that comparing them as text
 * compares instants and a merge result never depends on how a device spelled a time ([DM11], [DM14]).
 */
export function canonicalInstantProblem(value: string): string | null {
  // `toISOString` throws for a day the calendar lacks (2024-13-45), so the shape and a valid time come first.
  return CANONICAL_SHAPE.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value
    ? null
    : 'must be an instant spelled YYYY-MM-DDTHH:mm:ss.sssZ (UTC, milliseconds)';
}

/** The later of two canonical instants, as text. */
export function laterInstant(a: string, b: string): string {
  return a >= b ? a : b;
}

/** One millisecond after a canonical instant: a clock that must move past what it has seen. */
export function instantAfter(instant: string): string {
  return new Date(Date.parse(instant) + 1).toISOString();
}
