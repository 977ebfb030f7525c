import { randomUUID } from 'node:crypto';
import type { Store } from './store';

/**
 * The account part of the store contract: users, refresh-token families and password hashes
 * (docs/protocol.md rule ids in brackets). Runs inside `describeStoreContract`, on the same store.
 */
export function describeAccountContract(current: () => { store: Store; userId: string }): void {
  let store: Store;
  let userId: string;
  beforeEach(() => {
    ({ store, userId } = current());
  });

  it('[AU2] an email registers once', async () => {
    const email = `${randomUUID()}@example.com`;
    const user = { id: randomUUID(), email, passwordHash: 'hash', createdAt: new Date().toISOString() };
    expect(await store.createUser(user)).toBe(true);
    expect(await store.createUser({ ...user, id: randomUUID() })).toBe(false);
    expect(await store.findUserByEmail(email)).toEqual(user);
    expect(await store.findUserById(user.id)).toEqual(user);
  });

  it('[RT1] a refresh token rotates once; revoking its family stops the others', async () => {
    const familyId = randomUUID();
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const familyCreatedAt = new Date().toISOString();
    for (const id of ['first', 'second', 'third']) await store.insertRefreshToken({ id, familyId, userId, expiresAt, familyCreatedAt });
    const now = new Date().toISOString();
    expect(await store.rotateRefreshToken('first', 'second', now)).toBe(true);
    expect(await store.rotateRefreshToken('first', 'third', now)).toBe(false);
    expect(await store.findRefreshToken('first')).toMatchObject({ usedAt: now, replacedBy: 'second', revokedAt: null });
    await store.revokeRefreshTokenFamily(familyId, now);
    expect(await store.rotateRefreshToken('second', 'third', now)).toBe(false);
    expect((await store.findRefreshToken('second'))!.revokedAt).toBe(now);
  });

  it('[AU8] of two simultaneous rotations of one token exactly one wins, and the first use time stays', async () => {
    const familyId = randomUUID();
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const familyCreatedAt = '2026-11-28T09:00:00.000Z';
    for (const id of ['old', 'a', 'b']) await store.insertRefreshToken({ id, familyId, userId, expiresAt, familyCreatedAt });
    const results = await Promise.all([
      store.rotateRefreshToken('old', 'a', '2026-11-28T10:00:00.000Z'),
      store.rotateRefreshToken('old', 'b', '2026-11-28T10:00:01.000Z'),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'a' : 'b';
    expect(await store.findRefreshToken('old')).toMatchObject({
      replacedBy: winner,
      usedAt: results[0] ? '2026-11-28T10:00:00.000Z' : '2026-11-28T10:00:01.000Z',
    });
  });

  it('[AU11] a refresh token carries the time its family (sign-in) was created', async () => {
    const familyId = randomUUID();
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    await store.insertRefreshToken({ id: `t-${familyId}`, familyId, userId, expiresAt, familyCreatedAt: '2026-11-01T08:00:00.000Z' });
    expect(await store.findRefreshToken(`t-${familyId}`)).toEqual({
      id: `t-${familyId}`,
      familyId,
      userId,
      expiresAt,
      usedAt: null,
      revokedAt: null,
      replacedBy: null,
      familyCreatedAt: '2026-11-01T08:00:00.000Z',
    });
  });

  it('[AU17] a family is active while one of its tokens is neither revoked nor expired', async () => {
    const familyId = randomUUID();
    const hour = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const [familyCreatedAt, firstExpiry, secondExpiry] = [hour(0), hour(2), hour(4)];
    await store.insertRefreshToken({ id: `a-${familyId}`, familyId, userId, expiresAt: firstExpiry, familyCreatedAt });
    await store.insertRefreshToken({ id: `b-${familyId}`, familyId, userId, expiresAt: secondExpiry, familyCreatedAt });
    expect(await store.isRefreshFamilyActive(familyId, hour(3))).toBe(true);
    expect(await store.isRefreshFamilyActive(familyId, secondExpiry)).toBe(false);
    expect(await store.isRefreshFamilyActive(randomUUID(), hour(1))).toBe(false);
    await store.revokeRefreshTokenFamily(familyId, hour(1));
    expect(await store.isRefreshFamilyActive(familyId, hour(1))).toBe(false);
  });

  it('[AU16] a password hash can be replaced (rehash on sign-in)', async () => {
    const user = { id: randomUUID(), email: `${randomUUID()}@example.com`, passwordHash: 'weak', createdAt: new Date().toISOString() };
    await store.createUser(user);
    await store.updatePasswordHash(user.id, 'strong');
    expect(await store.findUserByEmail(user.email)).toEqual({ ...user, passwordHash: 'strong' });
  });
}
