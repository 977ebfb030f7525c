import { randomUUID } from 'node:crypto';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Store } from '../store/store';
import type { PasswordHasher } from './password-hasher';
import type { TokenIssuer } from './token-issuer';

export type TokenPair = { accessToken: string; refreshToken: string };
export type AuthResult = TokenPair & { user: { id: string; email: string } };

export type AuthService = {
  register(email: string, password: string): Promise<AuthResult>;
  login(email: string, password: string): Promise<AuthResult>;
  refresh(refreshToken: string): Promise<TokenPair>;
  logout(refreshToken: string): Promise<void>;
};

const WRONG_CREDENTIALS = 'email or password is wrong';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createAuthService(deps: { store: Store; hasher: PasswordHasher; tokens: TokenIssuer }): AuthService {
  const { store, hasher, tokens } = deps;

  async function issuePair(userId: string, familyId: string): Promise<TokenPair> {
    const tokenId = randomUUID();
    const expiresAt = new Date(Date.now() + tokens.refreshTtlSeconds * 1000).toISOString();
    await store.insertRefreshToken({ id: tokenId, familyId, userId, expiresAt });
    return { accessToken: tokens.issueAccess(userId), refreshToken: tokens.issueRefresh(userId, tokenId, familyId) };
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
      const now = new Date().toISOString();
      if (!(await store.consumeRefreshToken(record.id, now))) {
        // A rotated token came back: someone holds a copy. Revoke the whole family.
        await store.revokeRefreshTokenFamily(record.familyId, now);
        throw new ProtocolError('UNAUTHENTICATED', 'refresh token was already used; every session of this sign-in is revoked');
      }
      return issuePair(record.userId, record.familyId);
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
