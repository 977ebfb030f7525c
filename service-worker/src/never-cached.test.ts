import { isNeverCached } from './never-cached';
import { isSkipWaitingMessage } from './messages';

describe('service worker routing rules', () => {
  it('never serves the API, the sync socket or the health endpoints from a cache', () => {
    for (const path of ['/api/tasks', '/api/auth/refresh', '/api', '/socket.io/', '/health', '/ready', '/metrics']) {
      expect(isNeverCached(path)).toBe(true);
    }
  });

  it('serves app routes (navigation fallback to the shell)', () => {
    for (const path of ['/', '/tasks/123', '/apiary', '/index.html']) expect(isNeverCached(path)).toBe(false);
  });

  it('recognises only the skip-waiting message', () => {
    expect(isSkipWaitingMessage({ type: 'SKIP_WAITING' })).toBe(true);
    expect(isSkipWaitingMessage('SKIP_WAITING')).toBe(false);
    expect(isSkipWaitingMessage(null)).toBe(false);
  });
});
