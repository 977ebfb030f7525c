import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { REMINDER_ACTIONS, type ActionClaims, type ReminderAction } from '../sync/reminder-actions';

/** A notification may sit unread for a while; the occurrence pin keeps a late Done from completing a later occurrence. */
export const ACTION_TOKEN_TTL_SECONDS = 24 * 3600;

const ALGORITHM = 'HS256';
const ISSUER = 'tasklane';
const TYPE = 'reminder-action';

export type ActionTokens = ReturnType<typeof createActionTokens>;

/**
 * [NT15] Short-lived signed tokens for a notification's actions, so the service worker can act without the app (and
 * without an access token). Signed with a key derived from the access-token secret, and typed, so that it can never
 * pass as an access token nor one as it.
 */
export function createActionTokens(accessSecret: string, ttlSeconds = ACTION_TOKEN_TTL_SECONDS) {
  const key = createHmac('sha256', accessSecret).update('tasklane reminder-action tokens').digest();
  /** [NT25] A fingerprint of the password hash (keyed, so it tells nothing of the hash): a new password changes it. */
  const credentialOf = (passwordHash: string): string =>
    createHmac('sha256', key).update(`credential:${passwordHash}`).digest().subarray(0, 16).toString('base64url');
  return {
    credentialOf,
    /** `passwordHash`: the user's current one; a token outlives no password change or reset ([NT25]). */
    issue(claims: Omit<ActionClaims, 'credential'>, passwordHash: string): string {
      const payload = { typ: TYPE, tid: claims.taskId, occ: claims.occurrence, act: claims.actions, crd: credentialOf(passwordHash) };
      return jwt.sign(payload, key, {
        algorithm: ALGORITHM,
        issuer: ISSUER,
        subject: claims.userId,
        expiresIn: ttlSeconds,
      });
    },
    verify(token: string): ActionClaims {
      let payload: string | jwt.JwtPayload;
      try {
        payload = jwt.verify(token, key, { algorithms: [ALGORITHM], issuer: ISSUER });
      } catch (error) {
        throw new ProtocolError(
          'UNAUTHENTICATED',
          error instanceof jwt.TokenExpiredError ? 'action token expired' : 'action token is not valid',
        );
      }
      if (typeof payload === 'string') throw new ProtocolError('UNAUTHENTICATED', 'action token is not valid');
      const valid =
        payload.typ === TYPE &&
        typeof payload.sub === 'string' &&
        typeof payload.tid === 'string' &&
        Number.isSafeInteger(payload.occ) &&
        typeof payload.crd === 'string' &&
        Array.isArray(payload.act) &&
        (payload.act as unknown[]).every((action) => REMINDER_ACTIONS.includes(action as ReminderAction));
      if (!valid) throw new ProtocolError('UNAUTHENTICATED', 'action token is not valid');
      return {
        userId: payload.sub as string,
        taskId: payload.tid as string,
        occurrence: payload.occ as number,
        actions: payload.act as ReminderAction[],
        credential: payload.crd as string,
      };
    },
  };
}
