import jwt from 'jsonwebtoken';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';

export type TokenConfig = {
  accessSecret: string;
  refreshSecret: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
};

export type AccessClaims = { userId: string; expiresAtMs: number };
export type RefreshClaims = { userId: string; tokenId: string; familyId: string; expiresAtMs: number };

const ALGORITHM = 'HS256';
const ISSUER = 'tasklane';

function verify(token: string, secret: string, type: 'access' | 'refresh'): jwt.JwtPayload {
  let payload: string | jwt.JwtPayload;
  try {
    // Pinning the algorithm refuses `alg: none` and algorithm-confusion tokens.
    payload = jwt.verify(token, secret, { algorithms: [ALGORITHM], issuer: ISSUER });
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

    issueAccess(userId: string): string {
      return jwt.sign({ typ: 'access' }, config.accessSecret, {
        algorithm: ALGORITHM,
        issuer: ISSUER,
        subject: userId,
        expiresIn: config.accessTtlSeconds,
      });
    },

    issueRefresh(userId: string, tokenId: string, familyId: string): string {
      return jwt.sign({ typ: 'refresh', fam: familyId }, config.refreshSecret, {
        algorithm: ALGORITHM,
        issuer: ISSUER,
        subject: userId,
        jwtid: tokenId,
        expiresIn: config.refreshTtlSeconds,
      });
    },

    verifyAccess(token: string): AccessClaims {
      const payload = verify(token, config.accessSecret, 'access');
      return { userId: payload.sub as string, expiresAtMs: (payload.exp as number) * 1000 };
    },

    verifyRefresh(token: string): RefreshClaims {
      const payload = verify(token, config.refreshSecret, 'refresh');
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
