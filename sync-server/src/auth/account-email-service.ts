import { createHmac } from 'node:crypto';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Logger } from '../logging/logger';
import { passwordResetMail, verificationMail } from '../email/account-mail';
import type { MailQueue } from '../email/mail-queue';
import type { MailTransport } from '../email/mail-transport';
import { hashOneTimeToken, newOneTimeToken, ONE_TIME_TOKEN_PATTERN } from '../email/one-time-token';
import type { RateLimitDecision, RateLimiter } from '../rate-limit/rate-limiter';
import type { OneTimeTokenPurpose } from '../store/account-email-store';
import type { Store } from '../store/store';
import { normalizeEmail } from './auth-service';
import type { PasswordHasher } from './password-hasher';

/** [AC2] A reset link lasts 30 minutes. */
export const RESET_TOKEN_TTL_MS = 30 * 60_000;
/** [AC5] A verification link lasts a day: it is often opened later, on another device. */
export const VERIFICATION_TOKEN_TTL_MS = 24 * 3_600_000;

const BAD_RESET_LINK = 'this password-reset link is invalid, has expired or was already used; ask for a new one';
const BAD_VERIFY_LINK = 'this verification link is invalid, has expired or was already used; ask for a new one';

export type AccountEmailService = {
  /** [AC1] Schedules a reset mail when the address has an account; answers the same, at once, either way. */
  requestPasswordReset(email: string, clientIp: string): Promise<void>;
  /** [AC3] Sets the password with a reset link's token: single use; every sign-in of the account ends. */
  confirmPasswordReset(token: string, password: string): Promise<void>;
  /** [AC5] Schedules a verification mail for a new account (nothing when this server sends no mail). */
  sendVerificationOnSignUp(user: { id: string; email: string }): void;
  /** [AC5] Sends a new verification mail to a signed-in user whose address is not yet verified. */
  resendVerification(userId: string, clientIp: string): Promise<void>;
  /** [AC5] Marks the address verified with a verification link's token. */
  verifyEmail(token: string): Promise<void>;
};

export type AccountEmailServiceDeps = {
  store: Store;
  hasher: PasswordHasher;
  mail: MailTransport;
  queue: MailQueue;
  /** The app's public origin for links (PUBLIC_URL), never the request's Host header. */
  publicUrl: () => string;
  /** [AC16] Mails per (purpose, address, client IP) per window: RATE_LIMIT_EMAIL. */
  perAddressIpLimiter: RateLimiter;
  /** [AC16] Mails per (purpose, address) per window, from every IP together: a higher ceiling. */
  perAddressLimiter: RateLimiter;
  /** [AC16] Key of the HMAC that names addresses in rate-limit keys (derived from a server secret). */
  rateLimitKeySecret: string;
  logger: Logger;
  /** Ends a sign-in's live sockets ([AU15]). */
  onSessionEnded: (familyId: string) => void;
  now?: () => Date;
};

/** [AC16] The per-IP limit times this: one IP spends only part of an address's mails, so its owner's own request still gets one. */
export const ADDRESS_CEILING_FACTOR = 4;

export function createAccountEmailService(deps: AccountEmailServiceDeps): AccountEmailService {
  const { store, hasher, mail, queue, logger } = deps;
  const now = deps.now ?? (() => new Date());

  /**
   * [AC16] Rate-limit keys name no address and no IP: a shared Redis holds only an HMAC under a server secret (a plain
   * hash of an address is reversed by hashing a list of addresses). Reset and verification count separately.
   */
  function limitKey(...parts: string[]): string {
    return createHmac('sha256', deps.rateLimitKeySecret).update(parts.join('\n')).digest('base64url');
  }

  /** The (address, IP) bucket first: only a request it lets through spends from the address's shared ceiling. */
  async function mailAllowed(purpose: OneTimeTokenPurpose, email: string, clientIp: string): Promise<RateLimitDecision> {
    const fromThisIp = await deps.perAddressIpLimiter.hit(limitKey(purpose, email, clientIp));
    if (!fromThisIp.allowed) return fromThisIp;
    return deps.perAddressLimiter.hit(limitKey(purpose, email));
  }

  function requireMail(): void {
    if (mail.kind === 'none')
      throw new ProtocolError('EMAIL_UNAVAILABLE', 'this server sends no e-mail; ask its operator to reset the password');
  }

  async function issueToken(user: { id: string; email: string }, purpose: OneTimeTokenPurpose, ttlMs: number): Promise<string> {
    const { token, hash } = newOneTimeToken();
    const createdAt = now();
    await store.insertOneTimeToken({
      tokenHash: hash,
      userId: user.id,
      purpose,
      email: user.email,
      createdAt: createdAt.toISOString(),
      expiresAt: new Date(createdAt.getTime() + ttlMs).toISOString(),
    });
    return token;
  }

  function scheduleVerification(user: { id: string; email: string }): void {
    queue.enqueue('email-verification', async () => {
      const token = await issueToken(user, 'email-verification', VERIFICATION_TOKEN_TTL_MS);
      await mail.send(verificationMail(user.email, deps.publicUrl(), token, VERIFICATION_TOKEN_TTL_MS / 3_600_000));
    });
  }

  /** A token of the wrong shape is refused like an unknown one, without a store read. */
  async function spend(token: string, purpose: OneTimeTokenPurpose, refusal: string) {
    const record = ONE_TIME_TOKEN_PATTERN.test(token)
      ? await store.spendOneTimeToken(hashOneTimeToken(token), purpose, now().toISOString())
      : null;
    if (!record) throw new ProtocolError('UNAUTHENTICATED', refusal);
    return record;
  }

  return {
    async requestPasswordReset(rawEmail, clientIp) {
      requireMail();
      const email = normalizeEmail(rawEmail);
      // Counted per address whether or not it has an account, and answered the same past the limit: nothing to enumerate.
      const decision = await mailAllowed('password-reset', email, clientIp);
      if (!decision.allowed) {
        logger.warn('password reset: too many requests for one address; no mail sent');
        return;
      }
      queue.enqueue('password-reset', async () => {
        const user = await store.findUserByEmail(email);
        if (!user) return;
        const token = await issueToken(user, 'password-reset', RESET_TOKEN_TTL_MS);
        await mail.send(passwordResetMail(user.email, deps.publicUrl(), token, RESET_TOKEN_TTL_MS / 60_000));
      });
    },

    async confirmPasswordReset(token, password) {
      const record = await spend(token, 'password-reset', BAD_RESET_LINK);
      const user = await store.findUserById(record.userId);
      if (!user || user.email !== record.email) throw new ProtocolError('UNAUTHENTICATED', BAD_RESET_LINK);
      await store.updatePasswordHash(user.id, await hasher.hash(password));
      const at = now().toISOString();
      await store.spendUserTokens(user.id, 'password-reset', at);
      // The mail reached its owner: the address is proven too.
      await store.markEmailVerified(user.id, record.email, at);
      for (const familyId of await store.revokeUserSessions(user.id, at)) deps.onSessionEnded(familyId);
    },

    sendVerificationOnSignUp(user) {
      if (mail.kind !== 'none') scheduleVerification(user);
    },

    async resendVerification(userId, clientIp) {
      requireMail();
      const user = await store.findUserById(userId);
      if (!user) throw new ProtocolError('UNAUTHENTICATED', 'this account no longer exists');
      if ((await store.emailVerifiedAt(userId)) !== null) throw new ProtocolError('CONFLICT', 'this address is already verified');
      const decision = await mailAllowed('email-verification', user.email, clientIp);
      if (!decision.allowed) {
        throw new ProtocolError('RATE_LIMITED', 'several verification mails were sent recently; check your inbox or wait', {
          retryAfterMs: decision.retryAfterMs,
        });
      }
      scheduleVerification(user);
    },

    async verifyEmail(token) {
      const record = await spend(token, 'email-verification', BAD_VERIFY_LINK);
      if (!(await store.markEmailVerified(record.userId, record.email, now().toISOString()))) {
        throw new ProtocolError('UNAUTHENTICATED', BAD_VERIFY_LINK);
      }
    },
  };
}
