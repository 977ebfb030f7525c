import { api, registerUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';

describe('auth (REST, real server on port 0)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('[AU1] registration returns the user and a token pair, and sets the refresh cookie on /api/auth only', async () => {
    const response = await api(server.url, 'POST', '/api/auth/register', {
      body: { email: 'New.Person@Example.com', password: 'long enough secret' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      user: { id: expect.any(String), email: 'new.person@example.com' },
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
    });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-tasklane_refresh=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    // [AU19] the __Host- prefix: Secure, Path=/ and no Domain, or a browser refuses the cookie
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*Path=\/(;|$)/);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it('[AU2] a duplicate registration gets a clear 409, whatever the email case', async () => {
    const user = await registerUser(server.url);
    const again = await api(server.url, 'POST', '/api/auth/register', {
      body: { email: user.email.toUpperCase(), password: 'another password' },
    });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: 'CONFLICT', message: 'an account with this email already exists', retryable: false } });
  });

  it('[AU3] a wrong password and an unknown email get the same 401', async () => {
    const user = await registerUser(server.url);
    const wrongPassword = await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password: 'not the password' } });
    const unknownEmail = await api(server.url, 'POST', '/api/auth/login', {
      body: { email: 'nobody@example.com', password: 'not the password' },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    const good = await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
    expect(good.status).toBe(200);
    expect(good.body.user).toEqual({ id: user.id, email: user.email });
  });

  it('[RT1] refresh rotates: the new pair works, and the old refresh token stops working once its successor is used', async () => {
    const user = await registerUser(server.url);
    const rotated = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    expect(rotated.body.refreshToken).not.toBe(user.refreshToken);
    const tasks = await api(server.url, 'GET', '/api/tasks', { token: rotated.body.accessToken });
    expect(tasks.status).toBe(200);
    const next = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } });
    expect(next.status).toBe(200);
    const reused = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(reused.status).toBe(401);
  });

  it('[RT1] reusing a rotated refresh token after its successor was used revokes the whole family', async () => {
    const user = await registerUser(server.url);
    const second = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    const third = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(third.status).toBe(200);
    const stolenReplay = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(stolenReplay.status).toBe(401);
    expect(stolenReplay.body.error.code).toBe('UNAUTHENTICATED');
    const legitimate = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: third.body.refreshToken } });
    expect(legitimate.status).toBe(401);
    const otherSession = await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
    const unaffected = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: otherSession.body.refreshToken } });
    expect(unaffected.status).toBe(200);
  });

  it('[RT1] a refresh whose answer was lost can be retried: every retry gets the same unused successor, which then works', async () => {
    const user = await registerUser(server.url);
    const lost = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(lost.status).toBe(200);
    const retried = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(retried.status).toBe(200);
    const retriedAgain = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(retriedAgain.status).toBe(200);
    const jti = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
    expect(new Set([lost, retried, retriedAgain].map((answer) => jti(answer.body.refreshToken)))).toEqual(
      new Set([jti(lost.body.refreshToken)]),
    );
    const working = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: retriedAgain.body.refreshToken } });
    expect(working.status).toBe(200);
    expect((await api(server.url, 'GET', '/api/tasks', { token: working.body.accessToken })).status).toBe(200);
  });

  it('[RT1] outside the retry grace period, reusing a rotated token revokes the family even if its successor is unused', async () => {
    const strict = await startTestServer({ refreshRetryGraceMs: 0 });
    try {
      const user = await registerUser(strict.url);
      const second = await api(strict.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const replay = await api(strict.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
      expect(replay.status).toBe(401);
      expect((await api(strict.url, 'POST', '/api/auth/refresh', { body: { refreshToken: second.body.refreshToken } })).status).toBe(401);
    } finally {
      await strict.close();
    }
  });

  it('[AU4] logout revokes the refresh token', async () => {
    const user = await registerUser(server.url);
    const logout = await api(server.url, 'POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } });
    expect(logout.status).toBe(204);
    const refresh = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(refresh.status).toBe(401);
  });

  it('[AU5] the refresh cookie works in place of the body', async () => {
    const user = await registerUser(server.url);
    const response = await fetch(`${server.url}/api/auth/refresh`, {
      method: 'POST',
      // A browser's own request: JSON from this origin ([AU13]).
      headers: { cookie: `__Host-tasklane_refresh=${user.refreshToken}`, origin: server.url, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
  });

  it.each([
    ['no body', undefined],
    ['a short password', { email: 'a@example.com', password: 'short' }],
    ['a bad email', { email: 'not-an-email', password: 'long enough secret' }],
    ['an operator object as email', { email: { $gt: '' }, password: 'long enough secret' }],
    ['an extra field', { email: 'a@example.com', password: 'long enough secret', admin: true }],
    ['a password over 1024 characters', { email: 'a@example.com', password: 'x'.repeat(1025) }],
  ])('[AU6] registration with %s gets 400 INVALID_MESSAGE', async (_what, body) => {
    const response = await api(server.url, 'POST', '/api/auth/register', body === undefined ? {} : { body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_MESSAGE');
  });

  it('[AU7] no password or token ever reaches the log', async () => {
    const password = 'a very particular passphrase 42';
    const user = await registerUser(server.url, undefined, password);
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password } });
    await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password: `${password}!` } });
    await api(server.url, 'GET', '/api/tasks', { token: login.body.accessToken });
    const log = server.logLines.join('\n');
    for (const secret of [password, user.accessToken, user.refreshToken, login.body.accessToken, login.body.refreshToken]) {
      expect(log).not.toContain(secret);
    }
  });
});
