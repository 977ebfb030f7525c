import { createHash, randomUUID } from 'node:crypto';
import { createCapturingLogger } from '@tasklane/testkit/test-logger';
import { FAST_PASSWORD_HASHING } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createMailQueue } from '../email/mail-queue';
import type { MailMessage, MailTransport } from '../email/mail-transport';
import { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter';
import { createEmbeddedStore } from '../store/sqlite/embedded-store';
import type { Store } from '../store/store';
import { ADDRESS_CEILING_FACTOR, createAccountEmailService, RESET_TOKEN_TTL_MS, VERIFICATION_TOKEN_TTL_MS } from './account-email-service';
import { createPasswordHasher } from './password-hasher';

describe('account e-mail service with a clock (real SQLite store)', () => {
  const temp = makeTempDir('account-email');
  let store: Store;
  const sent: MailMessage[] = [];
  let nowMs = Date.UTC(2026, 11, 1, 9);
  const transport: MailTransport = {
    kind: 'smtp',
    send: (message) => {
      sent.push(message);
      return Promise.resolve();
    },
    close: () => undefined,
  };
  const { logger } = createCapturingLogger();
  const queue = createMailQueue(logger);
  const hasher = createPasswordHasher(FAST_PASSWORD_HASHING);
  let service: ReturnType<typeof createAccountEmailService>;

  beforeAll(() => {
    store = createEmbeddedStore({ dataDir: temp.dir });
    service = createAccountEmailService({
      store,
      hasher,
      mail: transport,
      queue,
      logger,
      publicUrl: () => 'https://tasks.example.com',
      perAddressIpLimiter: createMemoryRateLimiter({ name: 'email-address-ip', limit: 100, windowMs: 3_600_000 }),
      perAddressLimiter: createMemoryRateLimiter({ name: 'email-address', limit: 100, windowMs: 3_600_000 }),
      rateLimitKeySecret: 'test rate-limit key',
      onSessionEnded: () => undefined,
      now: () => new Date(nowMs),
    });
  });
  afterAll(async () => {
    await store.close();
    temp.remove();
  });

  const tokenOf = (message: MailMessage | undefined) => /token=([A-Za-z0-9_-]{43})/.exec(message?.text ?? '')?.[1] ?? '';

  it('[AC3] a reset link is refused from 30 minutes after it was sent, and the password stays', async () => {
    const user = {
      id: 'u-expiry',
      email: 'expiry@example.com',
      passwordHash: await hasher.hash('the old password'),
      createdAt: new Date(nowMs).toISOString(),
    };
    await store.createUser(user);
    await service.requestPasswordReset('Expiry@Example.com', '192.0.2.1');
    await queue.idle();
    const token = tokenOf(sent.at(-1));
    expect(token).toHaveLength(43);
    nowMs += RESET_TOKEN_TTL_MS;
    await expect(service.confirmPasswordReset(token, 'a new password')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await store.findUserById(user.id))!.passwordHash).toBe(user.passwordHash);

    await service.requestPasswordReset(user.email, '192.0.2.1');
    await queue.idle();
    nowMs += RESET_TOKEN_TTL_MS - 1000;
    await service.confirmPasswordReset(tokenOf(sent.at(-1)), 'a new password');
    expect(await hasher.verify('a new password', (await store.findUserById(user.id))!.passwordHash)).toBe(true);
  });

  it('[AC5] a verification link lasts 24 hours', async () => {
    const user = { id: 'u-verify', email: 'verify@example.com' };
    await store.createUser({ ...user, passwordHash: 'x', createdAt: new Date(nowMs).toISOString() });
    service.sendVerificationOnSignUp(user);
    service.sendVerificationOnSignUp(user);
    await queue.idle();
    const [late, inTime] = [tokenOf(sent.at(-2)), tokenOf(sent.at(-1))];
    nowMs += VERIFICATION_TOKEN_TTL_MS;
    await expect(service.verifyEmail(late)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await store.emailVerifiedAt(user.id)).toBeNull();
    nowMs -= 1000;
    await service.verifyEmail(inTime);
    expect(await store.emailVerifiedAt(user.id)).not.toBeNull();
  });

  it('[AC1] [AC9] a failed send is logged with its codes only (the SMTP reply quotes the address), and the next job still runs', async () => {
    const { logger: failingLogger, lines } = createCapturingLogger();
    const failingQueue = createMailQueue(failingLogger);
    const reply = '550 5.1.1 <victim@example.com>: Recipient address rejected';
    failingQueue.enqueue('password-reset', () =>
      Promise.reject(
        Object.assign(new Error(`Can't send mail - all recipients were rejected: ${reply}`), {
          responseCode: 550,
          code: 'EENVELOPE',
          response: reply,
        }),
      ),
    );
    let ran = false;
    failingQueue.enqueue('password-reset', () => {
      ran = true;
      return Promise.resolve();
    });
    await failingQueue.idle();
    expect(ran).toBe(true);
    expect(lines.join('\n')).toContain('"responseCode":550');
    expect(lines.join('\n')).toContain('"code":"EENVELOPE"');
    expect(lines.join('\n')).not.toContain('victim@example.com');
  });
});

describe('account e-mail limits per address and client IP (real SQLite store, memory limiters)', () => {
  const temp = makeTempDir('account-email-limits');
  let store: Store;
  const sent: MailMessage[] = [];
  const keys: string[] = [];
  const { logger } = createCapturingLogger();
  const queue = createMailQueue(logger);
  const PER_IP = 2;
  let service: ReturnType<typeof createAccountEmailService>;

  /** A real memory limiter that also records the keys it is given: what a shared Redis would hold. */
  function recording(name: string, limit: number) {
    const limiter = createMemoryRateLimiter({ name, limit, windowMs: 3_600_000 });
    return { hit: (key: string) => (keys.push(key), limiter.hit(key)) };
  }

  beforeAll(() => {
    store = createEmbeddedStore({ dataDir: temp.dir });
    service = createAccountEmailService({
      store,
      hasher: createPasswordHasher(FAST_PASSWORD_HASHING),
      mail: { kind: 'smtp', send: (message) => (sent.push(message), Promise.resolve()), close: () => undefined },
      queue,
      logger,
      publicUrl: () => 'https://tasks.example.com',
      perAddressIpLimiter: recording('email-address-ip', PER_IP),
      perAddressLimiter: recording('email-address', PER_IP * ADDRESS_CEILING_FACTOR),
      rateLimitKeySecret: 'test rate-limit key',
      onSessionEnded: () => undefined,
    });
  });
  afterAll(async () => {
    await store.close();
    temp.remove();
  });

  async function account(): Promise<{ id: string; email: string }> {
    const user = { id: randomUUID(), email: `${randomUUID()}@example.com` };
    await store.createUser({ ...user, passwordHash: 'x', createdAt: new Date().toISOString() });
    return user;
  }
  const mailsTo = (email: string, subject: string) => sent.filter((mail) => mail.to === email && mail.subject.startsWith(subject)).length;

  it('[AC16] one IP spends only its own share: the owner’s request from another IP still gets a mail, and past the address’s ceiling none does', async () => {
    const victim = await account();
    for (let i = 0; i < 10; i += 1) await service.requestPasswordReset(victim.email, '203.0.113.66');
    await queue.idle();
    expect(mailsTo(victim.email, 'Reset')).toBe(PER_IP);

    await service.requestPasswordReset(victim.email, '198.51.100.7');
    await queue.idle();
    expect(mailsTo(victim.email, 'Reset')).toBe(PER_IP + 1);

    // Several IPs together stop at the per-address ceiling.
    for (let ip = 1; ip <= ADDRESS_CEILING_FACTOR + 1; ip += 1) {
      for (let i = 0; i < PER_IP; i += 1) await service.requestPasswordReset(victim.email, `192.0.2.${ip}`);
    }
    await queue.idle();
    expect(mailsTo(victim.email, 'Reset')).toBe(PER_IP * ADDRESS_CEILING_FACTOR);
  });

  it('[AC16] reset and verification count apart: resets used up leave the owner’s verification resend working', async () => {
    const user = await account();
    for (let i = 0; i < 10; i += 1) await service.requestPasswordReset(user.email, '203.0.113.66');
    await service.resendVerification(user.id, '203.0.113.66');
    await queue.idle();
    expect(mailsTo(user.email, 'Confirm')).toBe(1);
  });

  it('[AC16] rate-limit keys are HMACs under a server secret: no address, no IP, no plain hash of either', () => {
    expect(keys.length).toBeGreaterThan(10);
    const plainHashes = (value: string) => [
      createHash('sha256').update(value).digest('hex'),
      createHash('sha256').update(value).digest('base64url'),
    ];
    for (const key of keys) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(key).not.toMatch(/@|203\.0\.113/);
    }
    for (const { to } of sent) for (const hash of plainHashes(to)) expect(keys).not.toContain(hash);
  });
});
