import type { RequestHandler, Response } from 'express';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { TokenIssuer } from '../auth/token-issuer';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/** Authenticates `Authorization: Bearer <access token>`; the user id lives in `res.locals.userId`. */
export function requireUser(tokens: TokenIssuer): RequestHandler {
  return (req, res, next) => {
    const match = BEARER.exec(req.headers.authorization ?? '');
    if (!match?.[1]) {
      next(new ProtocolError('UNAUTHENTICATED', 'send an access token as "Authorization: Bearer <token>"'));
      return;
    }
    try {
      res.locals.userId = tokens.verifyAccess(match[1]).userId;
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function authenticatedUserId(res: Response): string {
  const userId: unknown = res.locals.userId;
  if (typeof userId !== 'string') throw new ProtocolError('UNAUTHENTICATED', 'not signed in');
  return userId;
}
