import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Store } from '../store/store';
import type { AccessClaims } from './token-issuer';

/** Throws UNAUTHENTICATED when the sign-in an access token was issued to has ended ([AU17]). */
export type SessionCheck = (claims: AccessClaims) => Promise<void>;

/**
 * An access token is checked by signature alone, so without this a device whose sign-in ended (sign-out, a
 * revoked family, the family's maximum age) could reconnect and read and write until the token expired. One
 * indexed store read per socket handshake and per REST request closes that window. Tokens without `sid`
 * (issued before access tokens named their sign-in) cannot be checked and live out their short lifetime.
 */
export function createSessionCheck(store: Pick<Store, 'isSessionActive'>, now: () => Date = () => new Date()): SessionCheck {
  return async (claims) => {
    if (claims.sessionId === undefined) return;
    // The account must still exist too ([AC17]): a sign-in written while it was being deleted never serves a request.
    if (!(await store.isSessionActive(claims.userId, claims.sessionId, now().toISOString()))) {
      throw new ProtocolError('UNAUTHENTICATED', 'this sign-in has ended (signed out or revoked); sign in again');
    }
  };
}
