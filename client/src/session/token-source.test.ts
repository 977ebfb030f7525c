import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { SessionExpiredError } from './session-errors';
import { createMemorySessionStore } from './session-store';
import { createTokenSource } from './token-source';

const user = { id: 'u1', email: 'a@example.com' };

describe('token source', () => {
  it('refreshes once for concurrent callers and rotates the stored refresh token', async () => {
    const sessions = createMemorySessionStore({ user, accessToken: 'old', refreshToken: 'r1' });
    const calls: (string | undefined)[] = [];
    const tokens = createTokenSource({
      sessions,
      auth: { refresh: (refreshToken) => (calls.push(refreshToken), Promise.resolve({ accessToken: 'new', refreshToken: 'r2' })) },
    });
    const [a, b] = await Promise.all([tokens.refresh('old'), tokens.refresh('old')]);
    expect([a, b]).toEqual(['new', 'new']);
    expect(calls).toEqual(['r1']);
    expect(sessions.read()).toMatchObject({ accessToken: 'new', refreshToken: 'r2' });
  });

  it('does not refresh again when the rejected token was already replaced (another tab refreshed)', async () => {
    const sessions = createMemorySessionStore({ user, accessToken: 'fresh-from-other-tab', refreshToken: 'r2' });
    const refresh = jest.fn();
    const tokens = createTokenSource({ sessions, auth: { refresh } });
    await expect(tokens.refresh('stale')).resolves.toBe('fresh-from-other-tab');
    expect(refresh).not.toHaveBeenCalled();
  });

  it('ends the session when the server refuses the refresh token, but not on a network error', async () => {
    const sessions = createMemorySessionStore({ user, accessToken: 'old' });
    const refused = createTokenSource({
      sessions,
      auth: { refresh: async () => Promise.reject(new ProtocolError('UNAUTHENTICATED', 'revoked')) },
    });
    await expect(refused.refresh('old')).rejects.toBeInstanceOf(SessionExpiredError);
    const unreachable = createTokenSource({ sessions, auth: { refresh: async () => Promise.reject(new TypeError('fetch failed')) } });
    await expect(unreachable.refresh('old')).rejects.toBeInstanceOf(TypeError);
  });
});
