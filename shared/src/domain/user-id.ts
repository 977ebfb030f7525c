/** A user's id as the server makes it (`crypto.randomUUID()`): a lowercase RFC 9562 UUID. */
export const USER_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Why `value` cannot be a user's id, or `null` when it can. */
export function userIdProblem(value: string): string | null {
  return USER_ID_PATTERN.test(value) ? null : "must be a user's id (a lowercase UUID)";
}
