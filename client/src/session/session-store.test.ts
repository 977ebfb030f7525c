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
});
