import { storageProblemOf } from './storage-problem';

describe('storage problems are told plainly', () => {
  it('recognises a full disk, also when wrapped by RxDB', () => {
    expect(storageProblemOf(new DOMException('quota', 'QuotaExceededError'))).toBe('full');
    expect(storageProblemOf({ name: 'RxError', message: 'write failed', parameters: { errors: [{ name: 'QuotaExceededError' }] } })).toBe(
      'full',
    );
  });

  it('recognises IndexedDB being unavailable', () => {
    expect(storageProblemOf(new Error('indexedDB is not available'))).toBe('unavailable');
    expect(storageProblemOf({ name: 'MissingAPIError', message: 'IndexedDB API missing' })).toBe('unavailable');
    expect(storageProblemOf(new DOMException('blocked', 'SecurityError'))).toBe('unavailable');
  });

  it('leaves other errors alone', () => {
    expect(storageProblemOf(new Error('task abc does not exist'))).toBeNull();
    expect(storageProblemOf(undefined)).toBeNull();
  });
});
