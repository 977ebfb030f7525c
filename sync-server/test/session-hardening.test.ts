import { api, registerUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket } from '@tasklane/testkit/sync-socket';

/** The `connect_error` of a refused handshake: message is the code, data the error body. */
async function refusal(url: string, accessToken: string): Promise<{ message: string; data: unknown }> {
  const connected = await connectSocket(url, accessToken).then(
    (socket) => {
      socket.close();
      return undefined;
    },
    (error: Error & { data: unknown }) => ({ message: error.message, data: error.data }),
  );
  if (!connected) throw new Error('the handshake was accepted');
  return connected;
}

describe('session hardening found by black-box attacks (real server on port 0)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('[AU17] after logout, a reconnect and a REST call with the old access token are refused; another sign-in keeps working', async () => {
    const user = await registerUser(server.url);
    const other = await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
    (await connectSocket(server.url, user.accessToken)).close();

    expect((await api(server.url, 'POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(204);
    expect(await refusal(server.url, user.accessToken)).toEqual({
      message: 'UNAUTHENTICATED',
      data: { code: 'UNAUTHENTICATED', message: expect.stringContaining('sign-in has ended'), retryable: false },
    });
    const rest = await api(server.url, 'GET', '/api/tasks', { token: user.accessToken });
    expect(rest).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });

    (await connectSocket(server.url, other.body.accessToken)).close();
    expect((await api(server.url, 'GET', '/api/tasks', { token: other.body.accessToken })).status).toBe(200);
  });

  it('[AU17] a family revoked for reuse refuses every access token it issued, the thief’s and the owner’s', async () => {
    const user = await registerUser(server.url);
    const owner = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    const ownerNext = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: owner.body.refreshToken } });
    expect(ownerNext.status).toBe(200);
    // A copy of the first token comes back after its successor was used: the family is revoked ([AU8], [AU9]).
    expect((await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(401);
    for (const accessToken of [user.accessToken, owner.body.accessToken as string, ownerNext.body.accessToken as string]) {
      expect((await refusal(server.url, accessToken)).message).toBe('UNAUTHENTICATED');
      expect((await api(server.url, 'GET', '/api/tasks', { token: accessToken })).status).toBe(401);
    }
  });

  it('[AU19] a cookie under the old name, which a sibling site could plant, is ignored: the __Host- one is used', async () => {
    const victim = await registerUser(server.url);
    const planter = await registerUser(server.url);
    const response = await fetch(`${server.url}/api/auth/refresh`, {
      method: 'POST',
      headers: {
        origin: server.url,
        'content-type': 'application/json',
        cookie: `tasklane_refresh=${planter.refreshToken}; __Host-tasklane_refresh=${victim.refreshToken}`,
      },
      body: '{}',
    });
    expect(response.status).toBe(200);
    const { accessToken } = (await response.json()) as { accessToken: string };
    const listed = await api(server.url, 'GET', '/api/tasks', { token: accessToken });
    expect(listed.status).toBe(200);
    const created = await api(server.url, 'POST', '/api/tasks', { token: accessToken, body: { title: 'whose account?' } });
    expect((await api(server.url, 'GET', `/api/tasks/${created.body.id}`, { token: victim.accessToken })).status).toBe(200);
    // The planter's token was not spent.
    expect((await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: planter.refreshToken } })).status).toBe(200);
  });

  it('[AU19] two refresh cookies (one planted by a sibling site) are refused and neither token is spent', async () => {
    const victim = await registerUser(server.url);
    const planter = await registerUser(server.url);
    for (const path of ['/api/auth/refresh', '/api/auth/logout']) {
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: {
          origin: server.url,
          'content-type': 'application/json',
          cookie: `__Host-tasklane_refresh=${planter.refreshToken}; __Host-tasklane_refresh = ${victim.refreshToken}`,
        },
        body: '{}',
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    for (const refreshToken of [planter.refreshToken, victim.refreshToken]) {
      expect((await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken } })).status).toBe(200);
    }
  });
});
