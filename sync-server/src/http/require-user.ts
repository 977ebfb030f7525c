import type { RequestHandler, Response } from 'express';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { SessionCheck } from '../auth/session-check';
import type { TokenIssuer } from '../auth/token-issuer';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Authenticates `Authorization: Bearer <access token>` whose sign-in has not ended ([AU17]); the user id lives
 * in `res.locals.userId`.
 */
export function requireUser(tokens: TokenIssuer, checkSession: SessionCheck): RequestHandler {
  return (req, res, next) => {
    const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
    if (!token) {
      next(new ProtocolError('UNAUTHENTICATED', 'send an access token as "Authorization: Bearer <token>"'));
      return;
    }
    const authenticate = async () => {
      const claims = tokens.verifyAccess(token);
      await checkSession(claims);
      res.locals.userId = claims.userId;
      res.locals.sessionId = claims.sessionId;
    };
    authenticate().then(() => next(), next);
  };
}

export function authenticatedUserId(res: Response): string {
  const userId: unknown = res.locals.userId;
  if (typeof userId !== 'string') throw new ProtocolError('UNAUTHENTICATED', 'not signed in');
  return userId;
}

/** The sign-in (`sid`) of the request's access token; undefined for tokens issued before access tokens named it. */
export function authenticatedSessionId(res: Response): string | undefined {
  const sessionId: unknown = res.locals.sessionId;
  return typeof sessionId === 'string' ? sessionId : undefined;
}
