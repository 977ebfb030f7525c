import { randomUUID } from 'node:crypto';
import { createCapturingLogger } from '@tasklane/testkit/test-logger';
import { FAST_PASSWORD_HASHING, TEST_TOKEN_SECRETS } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createMailQueue } from '../email/mail-queue';
import { newOneTimeToken } from '../email/one-time-token';
import { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter';
import { createEmbeddedStore } from '../store/sqlite/embedded-store';
import type { Store } from '../store/store';
import { createAccountEmailService } from './account-email-service';
import { createAccountService } from './account-service';
import { createAuthService } from './auth-service';
import { createPasswordHasher, type PasswordHasher } from './password-hasher';
import { createTokenIssuer } from './token-issuer';

type Step = 'verify' | 'hash';
type Pause = { reached: Promise<void>; release(): void };

/** A real hasher that can hold its next `verify` or `hash` call after the work is done: a login paused after its password check. */
function gatedHasher(real: PasswordHasher) {
  let armed: { step: Step; reached: () => void; release: Promise<void> } | null = null;
  async function gate(step: Step): Promise<void> {
    const held = armed;
    if (held?.step !== step) return;
    armed = null;
    held.reached();
    await held.release;
  }
  const hasher: PasswordHasher = {
    ...real,
    async verify(password, encoded) {
      const ok = await real.verify(password, encoded);
      await gate('verify');
      return ok;
    },
    async hash(password) {
      const encoded = await real.hash(password);
      await gate('hash');
      return encoded;
    },
  };
  function pauseAfter(step: Step): Pause {
    let release!: () => void;
    let reached!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    armed = { step, reached, release: released };
    return { reached: reachedPromise, release };
  }
  return { hasher, pauseAfter };
}

describe('a sign-in racing a credential change (real SQLite store, login paused after its password check)', () => {
  const temp = makeTempDir('credential-race');
  let store: Store;
  const real = createPasswordHasher(FAST_PASSWORD_HASHING);
  const { hasher, pauseAfter } = gatedHasher(real);
  const tokens = createTokenIssuer({ ...TEST_TOKEN_SECRETS, accessTtlSeconds: 900, refreshTtlSeconds: 86_400 });
  let auth: ReturnType<typeof createAuthService>;
  let emails: ReturnType<typeof createAccountEmailService>;
  let accounts: ReturnType<typeof createAccountService>;

  beforeAll(() => {
    store = createEmbeddedStore({ dataDir: temp.dir });
    const { logger } = createCapturingLogger();
    auth = createAuthService({ store, hasher, tokens });
    emails = createAccountEmailService({
      store,
      hasher,
      mail: { kind: 'smtp', send: () => Promise.resolve(), close: () => undefined },
      queue: createMailQueue(logger),
      logger,
      publicUrl: () => 'https://tasks.example.com',
      perAddressIpLimiter: createMemoryRateLimiter({ name: 'email-address-ip', limit: 100, windowMs: 3_600_000 }),
      perAddressLimiter: createMemoryRateLimiter({ name: 'email-address', limit: 100, windowMs: 3_600_000 }),
      rateLimitKeySecret: 'test rate-limit key',
      onSessionEnded: () => undefined,
    });
    accounts = createAccountService({
      store,
      hasher,
      onSessionEnded: () => undefined,
      onAccountDeleted: () => undefined,
      onMembershipChanged: () => Promise.resolve(),
      writesSettled: () => Promise.resolve(),
    });
  });
  afterAll(async () => {
    await store.close();
    temp.remove();
  });

  async function resetToken(user: { id: string; email: string }): Promise<string> {
    const { token, hash } = newOneTimeToken();
    const createdAt = new Date();
    await store.insertOneTimeToken({
      tokenHash: hash,
      userId: user.id,
      purpose: 'password-reset',
      email: user.email,
      createdAt: createdAt.toISOString(),
      expiresAt: new Date(createdAt.getTime() + 600_000).toISOString(),
    });
    return token;
  }

  /** The sign-ins of the account still active (ending them: the last look of a test). */
  const activeSignIns = (userId: string) => store.revokeUserSessions(userId, new Date().toISOString());

  it('[AC15] a login with the old password that checked it before a reset gets no session: refused, nothing left active', async () => {
    const { user } = await auth.register(`${randomUUID()}@example.com`, 'the old password');
    const token = await resetToken(user);

    const paused = pauseAfter('verify');
    const attacker = auth.login(user.email, 'the old password');
    await paused.reached;
    await emails.confirmPasswordReset(token, 'the new password');
    paused.release();

    await expect(attacker).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await activeSignIns(user.id)).toEqual([]);
    await expect(auth.login(user.email, 'the new password')).resolves.toMatchObject({ user: { id: user.id } });
  });

  it('[AC15] a login racing a password change gets no session; the sign-in that changed it stays', async () => {
    const registered = await auth.register(`${randomUUID()}@example.com`, 'the old password');
    const { user } = registered;
    const keep = tokens.verifyAccess(registered.accessToken).sessionId;

    const paused = pauseAfter('verify');
    const attacker = auth.login(user.email, 'the old password');
    await paused.reached;
    await accounts.changePassword(user.id, keep, 'the old password', 'the new password');
    paused.release();

    await expect(attacker).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await activeSignIns(user.id)).toEqual([keep]);
  });

  it('[AC15] [AU16] a login’s rehash never writes the old password over one set meanwhile', async () => {
    const weak = createPasswordHasher({ ...FAST_PASSWORD_HASHING, cost: FAST_PASSWORD_HASHING.cost / 2 });
    const user = { id: randomUUID(), email: `${randomUUID()}@example.com` };
    await store.createUser({ ...user, passwordHash: await weak.hash('the old password'), createdAt: new Date().toISOString() });
    const token = await resetToken(user);

    // Paused while it hashes the old password again with today's parameters: its sign-in is already written.
    const paused = pauseAfter('hash');
    const login = auth.login(user.email, 'the old password');
    await paused.reached;
    await emails.confirmPasswordReset(token, 'the new password');
    paused.release();
    const pair = await login;

    const stored = (await store.findUserById(user.id))!.passwordHash;
    expect(await real.verify('the new password', stored)).toBe(true);
    expect(await real.verify('the old password', stored)).toBe(false);
    // The sign-in written before the reset was ended by it.
    expect(await store.isSessionActive(user.id, tokens.verifyAccess(pair.accessToken).sessionId!, new Date().toISOString())).toBe(false);
  });

  it('[AC17] a login that checked the password before the account was deleted gets no session, and leaves no row', async () => {
    const { user } = await auth.register(`${randomUUID()}@example.com`, 'the password');

    const paused = pauseAfter('verify');
    const late = auth.login(user.email, 'the password');
    await paused.reached;
    await accounts.deleteAccount(user.id, 'the password');
    paused.release();

    await expect(late).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await activeSignIns(user.id)).toEqual([]);
    expect(await store.findUserById(user.id)).toBeNull();
  });
});
