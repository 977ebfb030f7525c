import { createLocalSessionStore } from './session-store';
import { SESSION_KEY } from './storage-keys';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
}

const user = { id: 'u1', email: 'a@example.com' };

describe('local session store', () => {
  it('[AU12] never writes a refresh token where page scripts can read it, and drops one an older version left', () => {
    const storage = memoryStorage();
    const sessions = createLocalSessionStore(storage);
    sessions.write({ user, accessToken: 'access', refreshToken: 'secret-refresh' });
    expect(storage.getItem(SESSION_KEY)).not.toContain('secret-refresh');
    expect(sessions.read()).toEqual({ user, accessToken: 'access' });

    storage.setItem(SESSION_KEY, JSON.stringify({ user, accessToken: 'access', refreshToken: 'legacy-refresh' }));
    expect(sessions.read()).toEqual({ user, accessToken: 'access' });
    expect(storage.getItem(SESSION_KEY)).not.toContain('legacy-refresh');
  });

  it('[PX6] without a secure context (the browser refuses the Secure cookie) the refresh token is kept, or the session would end with the access token', () => {
    const storage = memoryStorage();
    const sessions = createLocalSessionStore(storage, { keepRefreshToken: true });
    sessions.write({ user, accessToken: 'access', refreshToken: 'refresh' });
    expect(sessions.read()).toEqual({ user, accessToken: 'access', refreshToken: 'refresh' });
    expect(JSON.parse(storage.getItem(SESSION_KEY) ?? 'null')).toMatchObject({ refreshToken: 'refresh' });
  });
});
