import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { linkToken, startSmtpInbox, type SmtpInbox } from '@tasklane/testkit/smtp-inbox';
import { GENEROUS_RATE_LIMITS, startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor } from '@tasklane/testkit/sync-socket';

const PUBLIC_URL = 'https://tasks.example.com';
const PER_ADDRESS = 3;
const NEW_PASSWORD = 'a brand new password';

describe('account e-mails through a real SMTP server (smtp-server in process)', () => {
  let inbox: SmtpInbox;
  let server: TestServer;
  const tokensSeen: string[] = [];

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    server = await startTestServer({
      email: {
        transport: { kind: 'smtp', url: inbox.url, from: 'Tasklane <no-reply@tasks.example.com>' },
        publicUrl: PUBLIC_URL,
        perAddressPerHour: PER_ADDRESS,
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await inbox.close();
  });

  /** Signs up and takes the verification mail sign-up sends, so later mails to the address are the ones under test. */
  async function signUp(): Promise<RegisteredUser & { verifyToken: string }> {
    const user = await registerUser(server.url);
    const verifyToken = linkToken(await inbox.next(user.email), 'verify');
    tokensSeen.push(verifyToken);
    return { ...user, verifyToken };
  }

  async function resetLink(email: string): Promise<string> {
    expect((await api(server.url, 'POST', '/api/auth/password-reset', { body: { email } })).status).toBe(202);
    const mail = await inbox.next(email);
    expect(mail.subject).toBe('Reset your Tasklane password');
    const token = linkToken(mail, 'reset');
    tokensSeen.push(token);
    return token;
  }

  const login = (email: string, password: string) => api(server.url, 'POST', '/api/auth/login', { body: { email, password } });
  const confirm = (token: string, password = NEW_PASSWORD) =>
    api(server.url, 'POST', '/api/auth/password-reset/confirm', { body: { token, password } });

  it('[AC1] a reset request is answered 202 alike for an unknown and a known address; only the account gets a mail', async () => {
    const user = await signUp();
    const unknown = `nobody-${Date.now()}@example.com`;
    const forUnknown = await api(server.url, 'POST', '/api/auth/password-reset', { body: { email: unknown } });
    const forKnown = await api(server.url, 'POST', '/api/auth/password-reset', { body: { email: user.email.toUpperCase() } });
    expect([forUnknown.status, forKnown.status]).toEqual([202, 202]);
    expect(forUnknown.body).toEqual(forKnown.body);
    expect([...forUnknown.headers.keys()].sort()).toEqual([...forKnown.headers.keys()].sort());
    // Jobs run in order: once the known address's mail has arrived, the unknown one's job has finished too.
    tokensSeen.push(linkToken(await inbox.next(user.email), 'reset'));
    expect(inbox.received.some((mail) => mail.to.includes(unknown))).toBe(false);
  });

  it('[AC2] the mail links to PUBLIC_URL/#/reset with a 43-character token, and the store keeps only its SHA-256 hash', async () => {
    const user = await signUp();
    expect((await api(server.url, 'POST', '/api/auth/password-reset', { body: { email: user.email } })).status).toBe(202);
    const mail = await inbox.next(user.email);
    expect(mail.text).toMatch(new RegExp(`^${PUBLIC_URL}/#/reset\\?token=[A-Za-z0-9_-]{43}$`, 'm'));
    expect(mail.raw).toMatch(/^From: Tasklane <no-reply@tasks\.example\.com>$/m);
    const token = linkToken(mail, 'reset');
    tokensSeen.push(token);
    const db = new Database(path.join(server.dataDir, 'tasklane.sqlite'), { readonly: true });
    try {
      const stored = db.prepare<[string], { token_hash: string }>('SELECT token_hash FROM account_tokens WHERE user_id = ?').all(user.id);
      expect(stored.map((row) => row.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(stored)).not.toContain(token);
    } finally {
      db.close();
    }
  });

  it('[AC3] a reset link sets the password once, ends every sign-in and socket, and kills older links', async () => {
    const user = await signUp();
    const older = await resetLink(user.email);
    const token = await resetLink(user.email);
    const socket = await connectSocket(server.url, user.accessToken);
    let disconnected = false;
    socket.socket.on('disconnect', () => (disconnected = true));

    expect((await confirm(token)).status).toBe(204);
    await waitFor(() => disconnected, 5000, 'the socket of the ended sign-in to close');
    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await login(user.email, NEW_PASSWORD)).status).toBe(200);
    expect((await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(401);
    expect((await api(server.url, 'GET', '/api/tasks', { token: user.accessToken })).status).toBe(401);

    // Reuse, and a link mailed before the reset: refused, and the password stays.
    for (const spent of [token, older]) {
      const again = await confirm(spent, 'the attacker password');
      expect(again.status).toBe(401);
      expect(again.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect((await login(user.email, NEW_PASSWORD)).status).toBe(200);
    // The mail reached its owner: the address counts as verified.
    const signedIn = await login(user.email, NEW_PASSWORD);
    expect((await api(server.url, 'GET', '/api/account', { token: signedIn.body.accessToken })).body.emailVerified).toBe(true);
  });

  it('[AC3] [AC11] a malformed, unknown or verification token does not reset a password, and a short password is refused before the token is spent', async () => {
    const user = await signUp();
    expect((await confirm('not-a-token')).status).toBe(401);
    expect((await confirm('A'.repeat(43))).status).toBe(401);
    expect((await confirm(user.verifyToken)).status).toBe(401);
    const token = await resetLink(user.email);
    const short = await confirm(token, 'short');
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('INVALID_MESSAGE');
    expect((await confirm(token)).status).toBe(204);
  });

  it('[AC4] past RATE_LIMIT_EMAIL per address the answer stays 202 and no more mail is sent, for known and unknown addresses alike', async () => {
    const user = await signUp();
    const unknown = `nobody-${Date.now()}@example.com`;
    for (let i = 0; i < PER_ADDRESS + 2; i += 1) {
      for (const email of [user.email, unknown]) {
        expect((await api(server.url, 'POST', '/api/auth/password-reset', { body: { email } })).status).toBe(202);
      }
    }
    for (let i = 0; i < PER_ADDRESS; i += 1) tokensSeen.push(linkToken(await inbox.next(user.email), 'reset'));
    // A later mail to another address proves the queue has run every job before it.
    const marker = await signUp();
    expect(marker.verifyToken).toHaveLength(43);
    expect(inbox.received.filter((mail) => mail.to.includes(user.email) && mail.subject.startsWith('Reset'))).toHaveLength(PER_ADDRESS);
  });

  it('[AC5] sign-up mails a verification link; it verifies the address once; resend refuses a verified address', async () => {
    const user = await signUp();
    const account = () => api(server.url, 'GET', '/api/account', { token: user.accessToken });
    expect((await account()).body).toEqual({ user: { id: user.id, email: user.email }, emailVerified: false });

    // A resend sends a second, equally valid link.
    expect((await api(server.url, 'POST', '/api/auth/verify-email/resend', { token: user.accessToken, body: {} })).status).toBe(202);
    const second = linkToken(await inbox.next(user.email), 'verify');
    tokensSeen.push(second);
    expect(second).not.toBe(user.verifyToken);

    expect((await api(server.url, 'POST', '/api/auth/verify-email', { body: { token: user.verifyToken } })).status).toBe(204);
    expect((await account()).body.emailVerified).toBe(true);
    expect((await api(server.url, 'POST', '/api/auth/verify-email', { body: { token: user.verifyToken } })).status).toBe(401);
    const resend = await api(server.url, 'POST', '/api/auth/verify-email/resend', { token: user.accessToken, body: {} });
    expect(resend.status).toBe(409);
    expect((await api(server.url, 'POST', '/api/auth/verify-email/resend', { body: {} })).status).toBe(401);
  });

  it('[AC11] a verification link verifies the account it was sent to, whoever opens it, and never a password reset', async () => {
    const alice = await signUp();
    const bob = await signUp();
    expect((await confirm(alice.verifyToken)).status).toBe(401);
    expect((await api(server.url, 'POST', '/api/auth/verify-email', { body: { token: alice.verifyToken } })).status).toBe(204);
    expect((await api(server.url, 'GET', '/api/account', { token: alice.accessToken })).body.emailVerified).toBe(true);
    expect((await api(server.url, 'GET', '/api/account', { token: bob.accessToken })).body.emailVerified).toBe(false);
    expect((await login(alice.email, alice.password)).status).toBe(200);
  });

  it('[AC9] [AU7] no link token and no password reaches the log', () => {
    expect(tokensSeen.length).toBeGreaterThan(10);
    const log = server.logLines.join('\n');
    for (const token of tokensSeen) expect(log).not.toContain(token);
    expect(log).not.toContain(NEW_PASSWORD);
    expect(log).not.toContain('correct horse battery');
  });
});

describe('account e-mails: per-IP limit', () => {
  it('[AC4] reset requests count against RATE_LIMIT_AUTH per client IP: 429 past it', async () => {
    const server = await startTestServer({ rateLimits: { ...GENEROUS_RATE_LIMITS, authPerMinute: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        statuses.push((await api(server.url, 'POST', '/api/auth/password-reset', { body: { email: `x${i}@example.com` } })).status);
      }
      // This server sends no mail (no e-mail configured): the first three are refused as such, the fourth by the limit.
      expect(statuses).toEqual([503, 503, 503, 429]);
    } finally {
      await server.close();
    }
  });
});

describe('account e-mails: limits per address and client IP (behind one proxy hop)', () => {
  it('[AC16] requests from one IP use up only that IP’s share: the owner’s own request from their IP still gets a mail', async () => {
    const inbox = await startSmtpInbox();
    const server = await startTestServer({
      http: { trustProxyHops: 1 },
      email: {
        transport: { kind: 'smtp', url: inbox.url, from: 'Tasklane <no-reply@tasks.example.com>' },
        publicUrl: PUBLIC_URL,
        perAddressPerHour: 2,
      },
    });
    const resetFrom = (email: string, ip: string) =>
      fetch(`${server.url}/api/auth/password-reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ email }),
      }).then((response) => response.status);
    try {
      const victim = await registerUser(server.url);
      await inbox.next(victim.email); // the sign-up's verification mail
      for (let i = 0; i < 6; i += 1) expect(await resetFrom(victim.email, '203.0.113.66')).toBe(202);
      expect(await resetFrom(victim.email, '198.51.100.7')).toBe(202);
      for (let i = 0; i < 3; i += 1) expect(linkToken(await inbox.next(victim.email), 'reset')).toHaveLength(43);
      // A later mail to another address proves the queue has run every job before it.
      const marker = await registerUser(server.url);
      await inbox.next(marker.email);
      expect(inbox.received.filter((mail) => mail.to.includes(victim.email) && mail.subject.startsWith('Reset'))).toHaveLength(3);
    } finally {
      await server.close();
      await inbox.close();
    }
  });
});
