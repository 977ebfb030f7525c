import fs from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { linkToken, parseMail } from '@tasklane/testkit/smtp-inbox';
import { startTestServer, TEST_TOKEN_SECRETS, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { textColumnsMentioning } from './support/store-sweep';

function watchDisconnect(socket: TestSocket): { readonly reason: string } {
  const seen = { reason: '' };
  socket.socket.on('disconnect', (why) => (seen.reason = why));
  return seen;
}

describe('account management over REST (real server on port 0)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const login = (user: Pick<RegisteredUser, 'email'>, password: string) =>
    api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password } });

  it('[AC6] changing the password needs the current one, keeps this sign-in and ends every other (sockets too)', async () => {
    const user = await registerUser(server.url);
    const other = (await login(user, user.password)).body;
    const otherSocket = await connectSocket(server.url, other.accessToken);
    const ownSocket = await connectSocket(server.url, user.accessToken);
    const otherClosed = watchDisconnect(otherSocket);

    const wrong = await api(server.url, 'POST', '/api/auth/password', {
      token: user.accessToken,
      body: { currentPassword: 'not the password', newPassword: 'the next password' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('FORBIDDEN');
    expect((await login(user, user.password)).status).toBe(200);

    const changed = await api(server.url, 'POST', '/api/auth/password', {
      token: user.accessToken,
      body: { currentPassword: user.password, newPassword: 'the next password' },
    });
    expect(changed.status).toBe(204);
    await waitFor(() => otherClosed.reason !== '', 5000, 'the other sign-in’s socket to close');
    expect(otherClosed.reason).toBe('io server disconnect');
    expect((await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: other.refreshToken } })).status).toBe(401);
    // This sign-in goes on: its socket, its access token and its refresh token.
    expect((await ownSocket.push({ rows: [{ newDocumentState: makeTask() }] })).ok).toBe(true);
    expect((await api(server.url, 'GET', '/api/tasks', { token: user.accessToken })).status).toBe(200);
    expect((await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(200);
    expect((await login(user, user.password)).status).toBe(401);
    expect((await login(user, 'the next password')).status).toBe(200);
    ownSocket.close();
    otherSocket.close();
  });

  it('[AC6] a password change without a token, or with a new password too short, changes nothing', async () => {
    const user = await registerUser(server.url);
    const body = { currentPassword: user.password, newPassword: 'short' };
    expect((await api(server.url, 'POST', '/api/auth/password', { body })).status).toBe(401);
    const short = await api(server.url, 'POST', '/api/auth/password', { token: user.accessToken, body });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('INVALID_MESSAGE');
    expect((await login(user, user.password)).status).toBe(200);
  });

  it('[AC7] signing out everywhere ends every sign-in of the account, this one included, and no other account’s', async () => {
    const user = await registerUser(server.url);
    const stranger = await registerUser(server.url);
    const second = (await login(user, user.password)).body;
    const sockets = [await connectSocket(server.url, user.accessToken), await connectSocket(server.url, second.accessToken)];
    const closed = sockets.map(watchDisconnect);
    const strangerSocket = await connectSocket(server.url, stranger.accessToken);

    expect((await api(server.url, 'POST', '/api/auth/logout-all', { token: second.accessToken, body: {} })).status).toBe(204);
    await waitFor(() => closed.every((seen) => seen.reason !== ''), 5000, 'every socket of the account to close');
    for (const session of [user, second]) {
      expect((await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
      expect((await api(server.url, 'GET', '/api/tasks', { token: session.accessToken })).status).toBe(401);
    }
    expect((await strangerSocket.push({ rows: [{ newDocumentState: makeTask() }] })).ok).toBe(true);
    expect((await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: stranger.refreshToken } })).status).toBe(200);
    expect((await login(user, user.password)).status).toBe(200);
    strangerSocket.close();
  });

  it('[AC8] deleting the account asks for the password again, then removes every row of it and closes its sockets', async () => {
    const user = await registerUser(server.url);
    const stranger = await registerUser(server.url);
    for (const owner of [user, stranger]) {
      expect((await api(server.url, 'POST', '/api/tasks', { token: owner.accessToken, body: { title: 'shared words' } })).status).toBe(201);
      expect((await api(server.url, 'POST', '/api/lists', { token: owner.accessToken, body: { name: 'Errands' } })).status).toBe(201);
    }
    const socket = await connectSocket(server.url, user.accessToken);
    const closed = watchDisconnect(socket);
    const strangerRowsBefore = textColumnsMentioning(server.dataDir, [stranger.id]);

    const wrong = await api(server.url, 'DELETE', '/api/account', { token: user.accessToken, body: { password: 'not the password' } });
    expect(wrong.status).toBe(403);
    expect((await api(server.url, 'DELETE', '/api/account', { token: user.accessToken, body: {} })).status).toBe(400);
    expect((await api(server.url, 'GET', '/api/tasks', { token: user.accessToken })).body.tasks).toHaveLength(1);

    const deleted = await api(server.url, 'DELETE', '/api/account', { token: user.accessToken, body: { password: user.password } });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('set-cookie')).toMatch(/__Host-tasklane_refresh=;/);
    await waitFor(() => closed.reason !== '', 5000, 'the account’s socket to close');
    expect(textColumnsMentioning(server.dataDir, [user.id])).toEqual({});
    expect((await login(user, user.password)).status).toBe(401);
    expect((await api(server.url, 'GET', '/api/account', { token: user.accessToken })).status).toBe(401);
    await expect(connectSocket(server.url, user.accessToken)).rejects.toThrow('UNAUTHENTICATED');
    // Another account is untouched; the address may sign up again, as a new and empty account.
    expect(textColumnsMentioning(server.dataDir, [stranger.id])).toEqual(strangerRowsBefore);
    const again = await registerUser(server.url, user.email, 'another password');
    expect(again.id).not.toBe(user.id);
    expect((await api(server.url, 'GET', '/api/tasks', { token: again.accessToken })).body.tasks).toEqual([]);
  });

  it('[AC17] deleting the account closes every socket of it, also one whose token names no sign-in', async () => {
    const user = await registerUser(server.url);
    // An access token from before tokens named their sign-in (no `sid`): its socket is in no sign-in's room, only the user's.
    const withoutSignIn = jwt.sign({ typ: 'access' }, TEST_TOKEN_SECRETS.accessSecret, {
      algorithm: 'HS256',
      issuer: 'tasklane',
      subject: user.id,
      expiresIn: 900,
    });
    const socket = await connectSocket(server.url, withoutSignIn);
    const closed = watchDisconnect(socket);
    const deleted = await api(server.url, 'DELETE', '/api/account', { token: user.accessToken, body: { password: user.password } });
    expect(deleted.status).toBe(204);
    await waitFor(() => closed.reason !== '', 5000, 'the socket without a sign-in to close');
    expect(closed.reason).toBe('io server disconnect');
  });

  it('[AC8] the sweep finds every table: a row in each user table is counted', async () => {
    const user = await registerUser(server.url);
    expect((await api(server.url, 'POST', '/api/tasks', { token: user.accessToken, body: { title: 'x' } })).status).toBe(201);
    const rows = textColumnsMentioning(server.dataDir, [user.id]);
    expect(rows).toMatchObject({ 'users.id': 1, 'tasks.user_id': 1, 'refresh_tokens.user_id': 1 });
  });

  it('[AC10] a server with no e-mail configured answers EMAIL_UNAVAILABLE to reset and resend; sign-up still works', async () => {
    const user = await registerUser(server.url);
    const reset = await api(server.url, 'POST', '/api/auth/password-reset', { body: { email: user.email } });
    expect(reset.status).toBe(503);
    expect(reset.body.error).toMatchObject({ code: 'EMAIL_UNAVAILABLE', retryable: false });
    const resend = await api(server.url, 'POST', '/api/auth/verify-email/resend', { token: user.accessToken, body: {} });
    expect(resend.body.error.code).toBe('EMAIL_UNAVAILABLE');
    expect((await api(server.url, 'GET', '/api/account', { token: user.accessToken })).body.emailVerified).toBe(false);
  });
});

describe('account e-mails without SMTP_URL', () => {
  it('[AC10] in development every mail goes to DATA_DIR/outbox as an .eml file; the log names the file, never the link', async () => {
    const dataDir = makeTempDir('outbox');
    const outbox = path.join(dataDir.dir, 'outbox');
    const server = await startTestServer({
      email: {
        transport: { kind: 'outbox', dir: outbox, from: 'Tasklane <no-reply@localhost>' },
        publicUrl: undefined,
        perAddressPerHour: 5,
      },
    });
    try {
      const user = await registerUser(server.url);
      expect((await api(server.url, 'POST', '/api/auth/password-reset', { body: { email: user.email } })).status).toBe(202);
      await waitFor(() => fs.existsSync(outbox) && fs.readdirSync(outbox).length === 2, 5000, 'two messages in the outbox');
      const files = fs.readdirSync(outbox).sort();
      expect(files.every((file) => /^\d{4}-\d\d-\d\dT[\d-]+Z-[0-9a-f-]{36}\.eml$/.test(file))).toBe(true);
      const mails = files.map((file) => ({ file, ...parseMail(fs.readFileSync(path.join(outbox, file), 'utf8')) }));
      expect(mails.map((mail) => mail.subject).sort()).toEqual([
        'Confirm your e-mail address for Tasklane',
        'Reset your Tasklane password',
      ]);
      const reset = mails.find((mail) => mail.subject.startsWith('Reset'))!;
      // Without PUBLIC_URL the link points at the address the development server listens on.
      expect(reset.text).toContain(`http://127.0.0.1:${server.port}/#/reset?token=`);
      const token = linkToken(reset, 'reset');
      const log = server.logLines.join('\n');
      for (const file of files) expect(log).toContain(file);
      expect(log).not.toContain(token);
      expect(fs.statSync(path.join(outbox, reset.file)).mode & 0o077).toBe(0);
      const confirmed = await api(server.url, 'POST', '/api/auth/password-reset/confirm', { body: { token, password: 'reset locally' } });
      expect(confirmed.status).toBe(204);
    } finally {
      await server.close();
      dataDir.remove();
    }
  });
});
