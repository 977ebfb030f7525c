import jwt from 'jsonwebtoken';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';

export type TokenConfig = {
  accessSecret: string;
  refreshSecret: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** [AU11] How long a sign-in (a refresh-token family) lasts at most, however often it is refreshed; default 30 days. */
  refreshFamilyMaxAgeSeconds?: number;
};

export const DEFAULT_REFRESH_FAMILY_MAX_AGE_SECONDS = 30 * 86_400;

/** `sessionId` is the refresh-token family the access token was issued to ([AU15]); absent in tokens from older servers. */
export type AccessClaims = { userId: string; expiresAtMs: number; sessionId?: string };
export type RefreshClaims = { userId: string; tokenId: string; familyId: string; expiresAtMs: number };

const ALGORITHM = 'HS256';
const ISSUER = 'tasklane';

function verify(token: string, secret: string, type: 'access' | 'refresh', ignoreExpiration = false): jwt.JwtPayload {
  let payload: string | jwt.JwtPayload;
  try {
    // Pinning the algorithm refuses `alg: none` and algorithm-confusion tokens.
    payload = jwt.verify(token, secret, { algorithms: [ALGORITHM], issuer: ISSUER, ignoreExpiration });
  } catch (error) {
    const expired = error instanceof jwt.TokenExpiredError;
    throw new ProtocolError('UNAUTHENTICATED', expired ? `${type} token expired` : `${type} token is not valid`);
  }
  if (typeof payload === 'string' || payload.typ !== type || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') {
    throw new ProtocolError('UNAUTHENTICATED', `${type} token is not valid`);
  }
  return payload;
}

export type TokenIssuer = ReturnType<typeof createTokenIssuer>;

export function createTokenIssuer(config: TokenConfig) {
  return {
    refreshTtlSeconds: config.refreshTtlSeconds,
    refreshFamilyMaxAgeSeconds: config.refreshFamilyMaxAgeSeconds ?? DEFAULT_REFRESH_FAMILY_MAX_AGE_SECONDS,

    issueAccess(userId: string, sessionId: string): string {
      return jwt.sign({ typ: 'access', sid: sessionId }, config.accessSecret, {
        algorithm: ALGORITHM,
        issuer: ISSUER,
        subject: userId,
        expiresIn: config.accessTtlSeconds,
      });
    },

    /** Expires with its server-side record, so a copy signed again for a retry ([AU8]) is the same token. */
    issueRefresh(userId: string, tokenId: string, familyId: string, expiresAtMs: number): string {
      return jwt.sign({ typ: 'refresh', fam: familyId, exp: Math.floor(expiresAtMs / 1000) }, config.refreshSecret, {
        algorithm: ALGORITHM,
        issuer: ISSUER,
        subject: userId,
        jwtid: tokenId,
      });
    },

    verifyAccess(token: string): AccessClaims {
      const payload = verify(token, config.accessSecret, 'access');
      const claims: AccessClaims = { userId: payload.sub as string, expiresAtMs: (payload.exp as number) * 1000 };
      if (typeof payload.sid === 'string') claims.sessionId = payload.sid;
      return claims;
    },

    /**
     * `ignoreExpiry`: the signature still proves the token is ours, and the caller judges `expiresAtMs` itself
     * (an expired token that had been rotated is still a copy, [AU18]).
     */
    verifyRefresh(token: string, options: { ignoreExpiry?: boolean } = {}): RefreshClaims {
      const payload = verify(token, config.refreshSecret, 'refresh', options.ignoreExpiry);
      if (typeof payload.jti !== 'string' || typeof payload.fam !== 'string') {
        throw new ProtocolError('UNAUTHENTICATED', 'refresh token is not valid');
      }
      return {
        userId: payload.sub as string,
        tokenId: payload.jti,
        familyId: payload.fam,
        expiresAtMs: (payload.exp as number) * 1000,
      };
    },
  };
}
