import { randomUUID } from 'node:crypto';
import type { AuthResult, TokenPair } from '@tasklane/shared/domain/auth-responses';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { RefreshTokenRecord, Store } from '../store/store';
import type { PasswordHasher } from './password-hasher';
import type { TokenIssuer } from './token-issuer';

export type AuthService = {
  register(email: string, password: string): Promise<AuthResult>;
  login(email: string, password: string): Promise<AuthResult>;
  refresh(refreshToken: string): Promise<TokenPair>;
  logout(refreshToken: string): Promise<void>;
};

const WRONG_CREDENTIALS = 'email or password is wrong';

/**
 * How long after its first rotation a refresh token may be presented again as
 * a retry — the answer was lost (a killed instance, a dropped connection, a
 * crashed app) — provided the token it was rotated to has never been used.
 */
export const DEFAULT_REFRESH_RETRY_GRACE_MS = 60_000;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type AuthServiceDeps = {
  store: Store;
  hasher: PasswordHasher;
  tokens: TokenIssuer;
  refreshRetryGraceMs?: number;
  now?: () => Date;
};

export function createAuthService(deps: AuthServiceDeps): AuthService {
  const { store, hasher, tokens } = deps;
  const graceMs = deps.refreshRetryGraceMs ?? DEFAULT_REFRESH_RETRY_GRACE_MS;
  const now = deps.now ?? (() => new Date());

  /** Stores a new refresh token (before anyone can point at it) and returns its id. */
  async function storeRefreshToken(userId: string, familyId: string): Promise<string> {
    const tokenId = randomUUID();
    const expiresAt = new Date(now().getTime() + tokens.refreshTtlSeconds * 1000).toISOString();
    await store.insertRefreshToken({ id: tokenId, familyId, userId, expiresAt });
    return tokenId;
  }

  function pairFor(userId: string, tokenId: string, familyId: string): TokenPair {
    return { accessToken: tokens.issueAccess(userId), refreshToken: tokens.issueRefresh(userId, tokenId, familyId) };
  }

  async function issuePair(userId: string, familyId: string): Promise<TokenPair> {
    return pairFor(userId, await storeRefreshToken(userId, familyId), familyId);
  }

  /**
   * A rotated token came back. Within the grace period, and while the token it
   * was rotated to has never been used, it is a retry of a lost answer: that
   * unused successor is revoked and replaced. Anything else is reuse of a
   * stolen token: the whole family is revoked.
   */
  async function retryRotation(record: RefreshTokenRecord, successorId: string, at: string): Promise<boolean> {
    const current = await store.findRefreshToken(record.id);
    if (!current?.usedAt || current.revokedAt !== null || current.replacedBy === null) return false;
    if (now().getTime() - Date.parse(current.usedAt) > graceMs) return false;
    if (!(await store.revokeUnusedRefreshToken(current.replacedBy, at))) return false;
    return store.rotateRefreshToken(record.id, current.replacedBy, successorId, at);
  }

  return {
    async register(rawEmail, password) {
      const email = normalizeEmail(rawEmail);
      const user = { id: randomUUID(), email, passwordHash: await hasher.hash(password), createdAt: new Date().toISOString() };
      if (!(await store.createUser(user))) throw new ProtocolError('CONFLICT', 'an account with this email already exists');
      return { user: { id: user.id, email }, ...(await issuePair(user.id, randomUUID())) };
    },

    async login(rawEmail, password) {
      const user = await store.findUserByEmail(normalizeEmail(rawEmail));
      if (!user) {
        await hasher.burn(password);
        throw new ProtocolError('UNAUTHENTICATED', WRONG_CREDENTIALS);
      }
      if (!(await hasher.verify(password, user.passwordHash))) throw new ProtocolError('UNAUTHENTICATED', WRONG_CREDENTIALS);
      return { user: { id: user.id, email: user.email }, ...(await issuePair(user.id, randomUUID())) };
    },

    async refresh(refreshToken) {
      const claims = tokens.verifyRefresh(refreshToken);
      const record = await store.findRefreshToken(claims.tokenId);
      if (!record || record.userId !== claims.userId || record.revokedAt !== null) {
        throw new ProtocolError('UNAUTHENTICATED', 'refresh token was revoked');
      }
      const at = now().toISOString();
      const successorId = await storeRefreshToken(record.userId, record.familyId);
      if (await store.rotateRefreshToken(record.id, null, successorId, at)) return pairFor(record.userId, successorId, record.familyId);
      if (await retryRotation(record, successorId, at)) return pairFor(record.userId, successorId, record.familyId);
      // A rotated token came back after its successor was used, or too late: someone holds a copy.
      await store.revokeRefreshTokenFamily(record.familyId, at);
      throw new ProtocolError('UNAUTHENTICATED', 'refresh token was already used; every session of this sign-in is revoked');
    },

    async logout(refreshToken) {
      const claims = tokens.verifyRefresh(refreshToken);
      const record = await store.findRefreshToken(claims.tokenId);
      if (record && record.userId === claims.userId) {
        await store.revokeRefreshTokenFamily(record.familyId, new Date().toISOString());
      }
    },
  };
}
