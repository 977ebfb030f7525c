import { createHmac } from 'node:crypto';
import type { AuthService } from '../auth/auth-service';
import { ADDRESS_CEILING_FACTOR, createAccountEmailService, type AccountEmailService } from '../auth/account-email-service';
import { createAccountService, type AccountService } from '../auth/account-service';
import type { PasswordHasher } from '../auth/password-hasher';
import type { EmailConfig } from '../config';
import type { Logger } from '../logging/logger';
import type { RateLimiterFactory } from '../rate-limit/rate-limiter';
import type { Store } from '../store/store';
import type { MembershipChange } from '../store/sharing-store';
import { createMailQueue } from './mail-queue';
import { createMailTransport } from './mail-transport';
import { invitationMail } from './invitation-mail';

const HOUR_MS = 3_600_000;
/** [SH9] Invitation mails one account may cause per hour: invitations past it are made, without a mail. */
const INVITATION_MAILS_PER_HOUR = 30;
/** [SH9] Invitation mails one address may receive per hour, from every account together. */
const INVITATION_MAILS_PER_RECIPIENT = 5;
/** How long shutdown waits for queued account e-mails. */
const QUEUE_DRAIN_MS = 1000;

/** [SH3] Invitation mails: whether addresses can be proven here, and the mail itself (limited per inviter). */
export type InvitationMails = {
  /** False on a server that sends no e-mail: no address can be verified there. */
  canVerifyAddresses: boolean;
  /** Queues the mail; false when the inviter sent too many this hour (the invitation stands, unmailed). */
  send(inviter: { id: string; email: string }, to: string, role: 'editor' | 'viewer', validDays: number): Promise<boolean>;
};

export type AccountFeatures = {
  emails: AccountEmailService;
  invitationMails: InvitationMails;
  accounts: AccountService;
  /** Sign-up also mails a verification link ([AC5]). */
  withVerificationMail(auth: AuthService): AuthService;
  /** Resolves once every queued e-mail job has finished (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
};

export type AccountFeaturesDeps = {
  store: Store;
  hasher: PasswordHasher;
  logger: Logger;
  /** Undefined: this server sends no e-mail, silently (tests that do not need mail). */
  email: EmailConfig | undefined;
  limiterFactory: RateLimiterFactory;
  /** The address the server listens on, for links when PUBLIC_URL is unset (development). */
  listeningUrl: () => string;
  onSessionEnded: (familyId: string) => void;
  /** Closes every socket of a deleted account ([AC17]). */
  onAccountDeleted: (userId: string) => void;
  /** [SH5] Publishes what a deleted account's lists did to their members. */
  onMembershipChanged: (change: MembershipChange) => Promise<void>;
  /** [AS4] Unassigns a deleted account from the tasks of a list it was a member of. */
  onListLeft?: (ownerId: string, listId: string, memberId: string, at: string) => Promise<void>;
  /** A server secret the same on every instance (the access-token secret): rate-limit keys are HMACs under a key derived from it ([AC16]). */
  serverSecret: string;
  writesSettled: () => Promise<void>;
};

/** Builds the account e-mail and account-management services of one server instance ([AC1]–[AC10]). */
export function createAccountFeatures(deps: AccountFeaturesDeps): AccountFeatures {
  const { store, hasher, logger } = deps;
  const transportConfig = deps.email?.transport ?? { kind: 'none' };
  if (deps.email && transportConfig.kind === 'none') {
    logger.warn('no SMTP_URL in production: password reset and e-mail verification are off (EMAIL_UNAVAILABLE)');
  }
  const mail = createMailTransport(transportConfig, logger);
  const queue = createMailQueue(logger);
  const publicUrl = deps.email?.publicUrl;
  const perAddressPerHour = deps.email?.perAddressPerHour ?? 5;
  // Its own key, derived: the access-token secret itself signs tokens and is never used for anything else.
  const rateLimitKeySecret = createHmac('sha256', deps.serverSecret).update('tasklane rate-limit keys').digest('base64url');
  const emails = createAccountEmailService({
    store,
    hasher,
    mail,
    queue,
    logger,
    publicUrl: () => publicUrl ?? deps.listeningUrl(),
    perAddressIpLimiter: deps.limiterFactory({ name: 'email-address-ip', limit: perAddressPerHour, windowMs: HOUR_MS }),
    perAddressLimiter: deps.limiterFactory({
      name: 'email-address',
      limit: perAddressPerHour * ADDRESS_CEILING_FACTOR,
      windowMs: HOUR_MS,
    }),
    rateLimitKeySecret,
    onSessionEnded: deps.onSessionEnded,
  });
  const accounts = createAccountService({
    store,
    hasher,
    onSessionEnded: deps.onSessionEnded,
    onAccountDeleted: deps.onAccountDeleted,
    onMembershipChanged: deps.onMembershipChanged,
    ...(deps.onListLeft ? { onListLeft: deps.onListLeft } : {}),
    writesSettled: deps.writesSettled,
  });
  const invitationLimiter = deps.limiterFactory({ name: 'invitation-mails', limit: INVITATION_MAILS_PER_HOUR, windowMs: HOUR_MS });
  const recipientLimiter = deps.limiterFactory({ name: 'invitation-recipient', limit: INVITATION_MAILS_PER_RECIPIENT, windowMs: HOUR_MS });
  // [AC16] Like the account mails' keys: an HMAC names the address, never the address itself.
  const recipientKey = (to: string) => createHmac('sha256', rateLimitKeySecret).update(`invitation\n${to}`).digest('base64url');
  const invitationMails: InvitationMails = {
    canVerifyAddresses: mail.kind !== 'none',
    async send(inviter, to, role, validDays) {
      if (mail.kind === 'none') return false;
      if (!(await invitationLimiter.hit(inviter.id)).allowed) {
        logger.warn('invitation: too many invitation mails from one account this hour; no mail sent');
        return false;
      }
      if (!(await recipientLimiter.hit(recipientKey(to))).allowed) {
        logger.warn('invitation: too many invitation mails to one address this hour; no mail sent');
        return false;
      }
      queue.enqueue('list-invitation', () =>
        mail.send(invitationMail(to, publicUrl ?? deps.listeningUrl(), inviter.email, role, validDays)),
      );
      return true;
    },
  };
  return {
    emails,
    invitationMails,
    accounts,
    withVerificationMail: (auth) => ({
      ...auth,
      async register(email, password) {
        const result = await auth.register(email, password);
        emails.sendVerificationOnSignUp(result.user);
        return result;
      },
    }),
    idle: () => queue.idle(),
    async close() {
      await Promise.race([queue.idle(), new Promise((resolve) => setTimeout(resolve, QUEUE_DRAIN_MS).unref())]);
      mail.close();
    },
  };
}
