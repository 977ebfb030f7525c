import { PASSWORD_MIN_LENGTH as SHARED_MIN } from '@tasklane/shared/domain/credentials';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { createAuthApi, PASSWORD_MIN_LENGTH } from './auth-api';
import { NetworkError } from './session-errors';

describe('auth api client', () => {
  it('asks for the same minimum password length as the server', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(SHARED_MIN);
  });

  it('turns an error body into a ProtocolError with its code, and no answer into a NetworkError', async () => {
    const refused = createAuthApi('http://x', {
      fetchImpl: () =>
        Promise.resolve(new Response(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'nope' } }), { status: 401 })),
    });
    await expect(refused.login('a@b.co', 'password1')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(refused.login('a@b.co', 'password1')).rejects.toBeInstanceOf(ProtocolError);
    const offline = createAuthApi('http://x', { fetchImpl: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(offline.refresh(undefined)).rejects.toBeInstanceOf(NetworkError);
  });

  it('sends the refresh token in the body when it has one, and an empty body for the cookie otherwise', async () => {
    const bodies: unknown[] = [];
    const api = createAuthApi('http://x', {
      fetchImpl: (_url, init) => {
        bodies.push(JSON.parse(init?.body as string));
        return Promise.resolve(new Response(JSON.stringify({ accessToken: 'a', refreshToken: 'r' }), { status: 200 }));
      },
    });
    await api.refresh('token-1');
    await api.refresh(undefined);
    expect(bodies).toEqual([{ refreshToken: 'token-1' }, {}]);
  });

  it('[AU12] a cookie-only client asks for cookie-only answers and never sends a refresh token in a body', async () => {
    const bodies: unknown[] = [];
    const api = createAuthApi('http://x', {
      cookieOnly: true,
      fetchImpl: (_url, init) => {
        bodies.push(JSON.parse(init?.body as string));
        return Promise.resolve(new Response(JSON.stringify({ user: { id: 'u', email: 'a@b.co' }, accessToken: 'a' }), { status: 200 }));
      },
    });
    await api.register('a@b.co', 'password1');
    await api.login('a@b.co', 'password1');
    await api.refresh('leaked-token');
    await api.logout(undefined);
    expect(bodies).toEqual([
      { email: 'a@b.co', password: 'password1', cookieOnly: true },
      { email: 'a@b.co', password: 'password1', cookieOnly: true },
      { cookieOnly: true },
      { cookieOnly: true },
    ]);
  });
});
