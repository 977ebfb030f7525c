import { createPasswordHasher } from '@tasklane/sync-server/src/auth/password-hasher';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { FAST_PASSWORD_HASHING, startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';

type CookieCall = { cookie?: string; origin?: string; contentType?: string; fetchSite?: string; body?: unknown };

/** A browser-like POST: the refresh cookie, and whichever of Origin, Content-Type and Sec-Fetch-Site a test wants. */
async function post(server: TestServer, path: string, call: CookieCall) {
  const headers: Record<string, string> = {};
  if (call.cookie !== undefined) headers.cookie = call.cookie;
  if (call.origin !== undefined) headers.origin = call.origin;
  if (call.contentType !== undefined) headers['content-type'] = call.contentType;
  if (call.fetchSite !== undefined) headers['sec-fetch-site'] = call.fetchSite;
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(call.body ?? {}) });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the fields they assert on
  const body: any = text ? JSON.parse(text) : null;
  return { status: response.status, body, setCookie: response.headers.get('set-cookie') ?? '' };
}

function refreshCookieOf(setCookie: string): string {
  const match = /__Host-tasklane_refresh=([^;]+)/.exec(setCookie);
  if (!match?.[1]) throw new Error(`no refresh cookie in "${setCookie}"`);
  return `__Host-tasklane_refresh=${match[1]}`;
}

describe('sessions over HTTP and sockets (real server on port 0)', () => {
  let server: TestServer;
  let sameOrigin: string;
  const listedOrigin = 'https://app.example.com';
  beforeAll(async () => {
    server = await startTestServer({ http: { allowedOrigins: [listedOrigin] } });
    sameOrigin = server.url;
  });
  afterAll(async () => {
    await server.close();
  });

  it('[AU12] a cookie-only session never shows the refresh token in a body: register, login and refresh', async () => {
    const credentials = { email: `cookie-${Date.now()}@example.com`, password: 'long enough secret', cookieOnly: true };
    const json = 'application/json';
    const registered = await post(server, '/api/auth/register', { contentType: json, body: credentials });
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({ user: { id: expect.any(String), email: credentials.email }, accessToken: expect.any(String) });
    expect(registered.setCookie).toMatch(/HttpOnly/i);

    const login = await post(server, '/api/auth/login', { contentType: json, body: credentials });
    expect(login.status).toBe(200);
    expect(Object.keys(login.body).sort()).toEqual(['accessToken', 'user']);

    const refreshed = await post(server, '/api/auth/refresh', {
      cookie: refreshCookieOf(login.setCookie),
      origin: sameOrigin,
      contentType: json,
      body: { cookieOnly: true },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toEqual({ accessToken: expect.any(String) });
    const next = await post(server, '/api/auth/refresh', {
      cookie: refreshCookieOf(refreshed.setCookie),
      origin: sameOrigin,
      contentType: json,
      body: { cookieOnly: true },
    });
    expect(next.status).toBe(200);
    expect((await api(server.url, 'GET', '/api/tasks', { token: next.body.accessToken })).status).toBe(200);
  });

  it.each<[string, Omit<CookieCall, 'cookie' | 'body'>]>([
    ['another origin', { origin: 'https://evil.example', contentType: 'application/json' }],
    ['a text/plain body from our own origin', { origin: 'same', contentType: 'text/plain' }],
    ['a form body from our own origin', { origin: 'same', contentType: 'application/x-www-form-urlencoded' }],
    ['neither Origin nor Sec-Fetch-Site', { contentType: 'application/json' }],
    ['no Origin and a cross-site Sec-Fetch-Site', { contentType: 'application/json', fetchSite: 'cross-site' }],
  ])('[AU13] the refresh cookie sent with %s is refused with 403 FORBIDDEN, and changes nothing', async (_what, headers) => {
    const user = await registerUser(server.url);
    const cookie = `__Host-tasklane_refresh=${user.refreshToken}`;
    const origin = headers.origin === 'same' ? sameOrigin : headers.origin;
    for (const path of ['/api/auth/logout', '/api/auth/refresh']) {
      const refused = await post(server, path, { ...headers, origin, cookie });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
      expect(refused.setCookie).toBe('');
    }
    // Nothing was rotated or revoked: the family still works.
    expect((await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(200);
  });

  it.each<[string, Omit<CookieCall, 'cookie' | 'body'>]>([
    ['our own origin', { origin: 'same' }],
    ['an ALLOWED_ORIGINS origin', { origin: listedOrigin }],
    ['no Origin but Sec-Fetch-Site: same-origin', { fetchSite: 'same-origin' }],
  ])('[AU13] the refresh cookie is accepted from %s with a JSON body', async (_what, headers) => {
    const user = await registerUser(server.url);
    const origin = headers.origin === 'same' ? sameOrigin : headers.origin;
    const call = { ...headers, origin, contentType: 'application/json', cookie: `__Host-tasklane_refresh=${user.refreshToken}` };
    const refreshed = await post(server, '/api/auth/refresh', call);
    expect(refreshed.status).toBe(200);
    const logout = await post(server, '/api/auth/logout', { ...call, cookie: refreshCookieOf(refreshed.setCookie) });
    expect(logout.status).toBe(204);
  });

  it('[AU13] a non-browser client sending its token in the body needs neither Origin nor a cookie', async () => {
    const user = await registerUser(server.url);
    const refreshed = await post(server, '/api/auth/refresh', {
      contentType: 'application/json',
      body: { refreshToken: user.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const logout = await post(server, '/api/auth/logout', {
      contentType: 'application/json',
      body: { refreshToken: refreshed.body.refreshToken },
    });
    expect(logout.status).toBe(204);
  });

  it('[AU14] a malformed refresh cookie is a 401 with a stable code, not a 500, and logs nothing at error level', async () => {
    const before = server.logLines.length;
    for (const cookie of [
      '__Host-tasklane_refresh=%E0%A4%A',
      '__Host-tasklane_refresh=%',
      '__Host-tasklane_refresh="unterminated',
      '=;;;__Host-tasklane_refresh',
    ]) {
      const response = await post(server, '/api/auth/refresh', { cookie, origin: sameOrigin, contentType: 'application/json' });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(['UNAUTHENTICATED', 'FORBIDDEN', 'INVALID_MESSAGE']).toContain(response.body.error.code);
    }
    const malformed = await post(server, '/api/auth/logout', {
      cookie: '__Host-tasklane_refresh=%E0%A4%A',
      origin: sameOrigin,
      contentType: 'application/json',
    });
    expect(malformed).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    const errors = server.logLines.slice(before).filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(errors).toEqual([]);
  });

  it("[AU15] logout disconnects that sign-in's live sockets at once; another sign-in of the same user keeps its own", async () => {
    const user = await registerUser(server.url);
    const otherSignIn = await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
    const signedOut = await connectSocket(server.url, user.accessToken);
    const kept = await connectSocket(server.url, otherSignIn.body.accessToken);
    let reason = '';
    signedOut.socket.on('disconnect', (why) => (reason = why));

    expect((await api(server.url, 'POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(204);
    await waitFor(() => reason !== '', 5000, 'the signed-out socket to be disconnected');
    expect(reason).toBe('io server disconnect');

    const task = makeTask({ title: 'after sign-out' });
    expect((await kept.push({ rows: [{ newDocumentState: task }] })).ok).toBe(true);
    expect(kept.socket.connected).toBe(true);
    expect(signedOut.changes.some((event) => event.documents.some((document) => document.id === task.id))).toBe(false);
    kept.close();
  });

  it('[AU15] a detected refresh-token reuse disconnects the sockets of the revoked sign-in', async () => {
    const user = await registerUser(server.url);
    const rotated = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    const socket = await connectSocket(server.url, rotated.body.accessToken);
    let disconnected = false;
    socket.socket.on('disconnect', () => (disconnected = true));
    const next = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } });
    expect(next.status).toBe(200);
    expect((await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(401);
    await waitFor(() => disconnected, 5000, 'the socket of the revoked sign-in to be disconnected');
  });

  it('[AU16] signing in replaces a hash made with weaker scrypt parameters, and the password still works', async () => {
    const email = `rehash-${Date.now()}@example.com`;
    const password = 'an older account password';
    const weak = createPasswordHasher({ ...FAST_PASSWORD_HASHING, cost: FAST_PASSWORD_HASHING.cost / 2 });
    const id = `legacy-${Date.now()}`;
    await server.store.createUser({ id, email, passwordHash: await weak.hash(password), createdAt: new Date().toISOString() });

    expect((await api(server.url, 'POST', '/api/auth/login', { body: { email, password } })).status).toBe(200);
    const rehashed = (await server.store.findUserByEmail(email))!.passwordHash;
    expect(rehashed).toMatch(new RegExp(`^scrypt\\$${FAST_PASSWORD_HASHING.cost}\\$8\\$1\\$`));
    expect((await api(server.url, 'POST', '/api/auth/login', { body: { email, password } })).status).toBe(200);
    expect((await server.store.findUserByEmail(email))!.passwordHash).toBe(rehashed);
  });
});
