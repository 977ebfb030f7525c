import { unverifiedJwtClaims } from '@tasklane/shared/protocol/unverified-jwt-claims';

/**
 * The user the action token was issued to (its `sub`), read without checking the signature — only the server can, and
 * it does. The app uses it to apply a queued action to the right account's tasks ([WP6]).
 */
export function tokenUserId(token: string): string | null {
  const sub = unverifiedJwtClaims(token)?.sub;
  return typeof sub === 'string' ? sub : null;
}
