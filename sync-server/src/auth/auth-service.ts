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
const ACCOUNT_GONE = 'this account no longer exists';

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
  /** Called once a sign-in's family is revoked (sign-out or detected reuse), to end its live sockets ([AU15]). */
  onSessionEnded?: (familyId: string) => void;
};

type IssuedToken = Pick<RefreshTokenRecord, 'id' | 'expiresAt'>;

/** Sign-up, sign-in and the refresh-token rules of docs/protocol.md ([RT1], [AU8]–[AU11], [AU16], [AU18]). */
export function createAuthService(deps: AuthServiceDeps): AuthService {
  const { store, hasher, tokens } = deps;
  const graceMs = deps.refreshRetryGraceMs ?? DEFAULT_REFRESH_RETRY_GRACE_MS;
  const familyMaxAgeMs = tokens.refreshFamilyMaxAgeSeconds * 1000;
  const now = deps.now ?? (() => new Date());

  /**
   * Stores a new refresh token (before anyone can point at it); it never outlives its family ([AU11]). Only while the
   * account exists ([AC17]) and, for a sign-in, while its password hash is still the one the password was checked
   * against ([AC15]): a reset, password change or deletion that raced the check leaves no session behind.
   */
  async function issueToken(userId: string, familyId: string, familyCreatedAt: string, checkedHash?: string): Promise<IssuedToken> {
    const expiresAtMs = Math.min(now().getTime() + tokens.refreshTtlSeconds * 1000, Date.parse(familyCreatedAt) + familyMaxAgeMs);
    const token = { id: randomUUID(), expiresAt: new Date(expiresAtMs).toISOString() };
    if (!(await store.insertRefreshTokenIfCurrent({ ...token, familyId, userId, familyCreatedAt }, checkedHash))) {
      throw new ProtocolError('UNAUTHENTICATED', checkedHash === undefined ? ACCOUNT_GONE : WRONG_CREDENTIALS);
    }
    return token;
  }

  /** Signing the same record again gives the same token: same id, same expiry ([AU8]). */
  function pairFor(userId: string, familyId: string, token: IssuedToken): TokenPair {
    return {
      accessToken: tokens.issueAccess(userId, familyId),
      refreshToken: tokens.issueRefresh(userId, token.id, familyId, Date.parse(token.expiresAt)),
    };
  }

  async function signIn(userId: string, checkedHash: string): Promise<TokenPair> {
    const familyId = randomUUID();
    return pairFor(userId, familyId, await issueToken(userId, familyId, now().toISOString(), checkedHash));
  }

  async function endFamily(familyId: string): Promise<void> {
    await store.revokeRefreshTokenFamily(familyId, now().toISOString());
    deps.onSessionEnded?.(familyId);
  }

  /** Someone holds a copy ([RT1], [AU9]): every token of the sign-in stops working, the thief's and the owner's. */
  async function reuseDetected(record: RefreshTokenRecord): Promise<never> {
    await endFamily(record.familyId);
    throw new ProtocolError('UNAUTHENTICATED', 'refresh token was already used; every session of this sign-in is revoked');
  }

  /**
   * A rotated token came back ([AU8]). Within the grace window, while its successor was never used, it is a
   * retry of a lost answer and gets that same successor: two holders now hold one token, and whichever uses it
   * second is caught. Anything else is reuse.
   */
  async function answerRetry(record: RefreshTokenRecord): Promise<TokenPair> {
    const successor = record.replacedBy === null ? null : await store.findRefreshToken(record.replacedBy);
    const withinGrace = record.usedAt !== null && now().getTime() - Date.parse(record.usedAt) <= graceMs;
    if (!withinGrace || !successor || successor.usedAt !== null || successor.revokedAt !== null) return reuseDetected(record);
    return pairFor(record.userId, record.familyId, successor);
  }

  return {
    async register(rawEmail, password) {
      const email = normalizeEmail(rawEmail);
      const user = { id: randomUUID(), email, passwordHash: await hasher.hash(password), createdAt: new Date().toISOString() };
      if (!(await store.createUser(user))) throw new ProtocolError('CONFLICT', 'an account with this email already exists');
      return { user: { id: user.id, email }, ...(await signIn(user.id, user.passwordHash)) };
    },

    async login(rawEmail, password) {
      const user = await store.findUserByEmail(normalizeEmail(rawEmail));
      if (!user) {
        await hasher.burn(password);
        throw new ProtocolError('UNAUTHENTICATED', WRONG_CREDENTIALS);
      }
      if (!(await hasher.verify(password, user.passwordHash))) throw new ProtocolError('UNAUTHENTICATED', WRONG_CREDENTIALS);
      const pair = await signIn(user.id, user.passwordHash);
      // The password is at hand only now: a hash made with older, weaker parameters is replaced ([AU16]), only while it is
      // still the hash just checked, never over a password set meanwhile ([AC15]).
      if (hasher.needsRehash(user.passwordHash)) await store.replacePasswordHash(user.id, user.passwordHash, await hasher.hash(password));
      return { user: { id: user.id, email: user.email }, ...pair };
    },

    async refresh(refreshToken) {
      const claims = tokens.verifyRefresh(refreshToken, { ignoreExpiry: true });
      const record = await store.findRefreshToken(claims.tokenId);
      if (!record || record.userId !== claims.userId || record.familyId !== claims.familyId) {
        throw new ProtocolError('UNAUTHENTICATED', 'refresh token is not valid');
      }
      if (record.revokedAt !== null) return reuseDetected(record);
      // Tokens stored before families had an age start the clock at their next rotation.
      const familyCreatedAt = record.familyCreatedAt ?? now().toISOString();
      if (now().getTime() >= Date.parse(familyCreatedAt) + familyMaxAgeMs) {
        throw new ProtocolError('UNAUTHENTICATED', 'this sign-in has reached its maximum age; sign in again');
      }
      // A rotated token that comes back, expired or not, is a retry or a copy ([AU18]); only an unrotated one simply expires.
      if (record.usedAt !== null) return answerRetry(record);
      if (now().getTime() >= claims.expiresAtMs) throw new ProtocolError('UNAUTHENTICATED', 'refresh token expired');
      const successor = await issueToken(record.userId, record.familyId, familyCreatedAt);
      if (await store.rotateRefreshToken(record.id, successor.id, now().toISOString())) {
        return pairFor(record.userId, record.familyId, successor);
      }
      // A simultaneous request rotated it first: this one is a retry of that rotation, not a theft.
      const rotated = await store.findRefreshToken(record.id);
      if (!rotated || rotated.revokedAt !== null) return reuseDetected(record);
      return answerRetry(rotated);
    },

    async logout(refreshToken) {
      const claims = tokens.verifyRefresh(refreshToken);
      const record = await store.findRefreshToken(claims.tokenId);
      if (record && record.userId === claims.userId) await endFamily(record.familyId);
    },
  };
}
