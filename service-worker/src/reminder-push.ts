/**
 * The user the action token was issued to (its `sub`), read without checking the signature — only the server can, and
 * it does. The app uses it to apply a queued action to the right account's tasks ([WP6]).
 */
export function tokenUserId(token: string): string | null {
  const claims = token.split('.')[1];
  if (!claims) return null;
  try {
    const json = atob(claims.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}
