import { randomUUID } from 'node:crypto';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import type { OneTimeTokenPurpose } from './account-email-store';
import type { Store } from './store';

const HOUR_MS = 3_600_000;
const at = (hours: number) => new Date(Date.UTC(2026, 11, 1, 12) + hours * HOUR_MS).toISOString();

/**
 * [AC12] The account-e-mail part of the store contract: one-time tokens, verification, sign out everywhere and
 * account deletion (docs/protocol.md). Runs inside `describeStoreContract`, on the same store.
 */
export function describeAccountEmailContract(current: () => { store: Store }): void {
  let store: Store;
  let user: { id: string; email: string };
  beforeEach(async () => {
    ({ store } = current());
    user = { id: randomUUID(), email: `${randomUUID()}@example.com` };
    await store.createUser({ ...user, passwordHash: 'hash', createdAt: at(0) });
  });

  async function issue(purpose: OneTimeTokenPurpose, expiresInHours = 1, owner = user) {
    const tokenHash = randomUUID();
    await store.insertOneTimeToken({
      tokenHash,
      userId: owner.id,
      purpose,
      email: owner.email,
      createdAt: at(0),
      expiresAt: at(expiresInHours),
    });
    return tokenHash;
  }

  it('[AC12] [AC3] a one-time token is spent once, only for its purpose and only before it expires', async () => {
    const reset = await issue('password-reset');
    expect(await store.spendOneTimeToken(reset, 'email-verification', at(0.5))).toBeNull();
    expect(await store.spendOneTimeToken(reset, 'password-reset', at(0.5))).toEqual({
      tokenHash: reset,
      userId: user.id,
      purpose: 'password-reset',
      email: user.email,
      createdAt: at(0),
      expiresAt: at(1),
      usedAt: at(0.5),
    });
    expect(await store.spendOneTimeToken(reset, 'password-reset', at(0.6))).toBeNull();
    const expired = await issue('password-reset');
    expect(await store.spendOneTimeToken(expired, 'password-reset', at(1))).toBeNull();
    expect(await store.spendOneTimeToken(randomUUID(), 'password-reset', at(0))).toBeNull();
  });

  it('[AC12] [AC3] of two simultaneous spends of one token exactly one wins', async () => {
    const token = await issue('password-reset');
    const results = await Promise.all([1, 2, 3].map(() => store.spendOneTimeToken(token, 'password-reset', at(0.1))));
    expect(results.filter((result) => result !== null)).toHaveLength(1);
  });

  it('[AC12] spending a user’s tokens of one purpose leaves the other purpose and other users alone', async () => {
    const other = { id: randomUUID(), email: `${randomUUID()}@example.com` };
    await store.createUser({ ...other, passwordHash: 'hash', createdAt: at(0) });
    const [first, second, verify, othersReset] = [
      await issue('password-reset'),
      await issue('password-reset'),
      await issue('email-verification'),
      await issue('password-reset', 1, other),
    ];
    await store.spendUserTokens(user.id, 'password-reset', at(0.1));
    expect(await store.spendOneTimeToken(first, 'password-reset', at(0.2))).toBeNull();
    expect(await store.spendOneTimeToken(second, 'password-reset', at(0.2))).toBeNull();
    expect(await store.spendOneTimeToken(verify, 'email-verification', at(0.2))).not.toBeNull();
    expect(await store.spendOneTimeToken(othersReset, 'password-reset', at(0.2))).not.toBeNull();
  });

  it('[AC12] [AC5] an address is verified only while it is the account’s, and the first time is kept', async () => {
    expect(await store.emailVerifiedAt(user.id)).toBeNull();
    expect(await store.markEmailVerified(user.id, 'someone-else@example.com', at(1))).toBe(false);
    expect(await store.emailVerifiedAt(user.id)).toBeNull();
    expect(await store.markEmailVerified(user.id, user.email, at(1))).toBe(true);
    expect(await store.markEmailVerified(user.id, user.email, at(2))).toBe(true);
    expect(await store.emailVerifiedAt(user.id)).toBe(at(1));
    expect(await store.markEmailVerified(randomUUID(), user.email, at(1))).toBe(false);
    // The verification is not part of what sign-in reads.
    expect(await store.findUserById(user.id)).toEqual({ ...user, passwordHash: 'hash', createdAt: at(0) });
  });

  it('[AC12] [AC6] [AC7] revoking a user’s sign-ins ends every family but the one kept, and no other user’s', async () => {
    const expiresAt = new Date(Date.now() + HOUR_MS).toISOString();
    const familyCreatedAt = new Date().toISOString();
    const families = [randomUUID(), randomUUID(), randomUUID()];
    for (const familyId of families)
      await store.insertRefreshToken({ id: randomUUID(), familyId, userId: user.id, expiresAt, familyCreatedAt });
    const othersFamily = randomUUID();
    await store.insertRefreshToken({ id: randomUUID(), familyId: othersFamily, userId: randomUUID(), expiresAt, familyCreatedAt });
    const now = new Date().toISOString();
    expect((await store.revokeUserSessions(user.id, now, families[0])).sort()).toEqual(families.slice(1).sort());
    expect(await store.isRefreshFamilyActive(families[0]!, now)).toBe(true);
    expect(await store.isRefreshFamilyActive(families[1]!, now)).toBe(false);
    expect(await store.isRefreshFamilyActive(othersFamily, now)).toBe(true);
    expect(await store.revokeUserSessions(user.id, now)).toEqual([families[0]]);
    expect(await store.isRefreshFamilyActive(families[0]!, now)).toBe(false);
    expect(await store.revokeUserSessions(user.id, now)).toEqual([]);
  });

  const newToken = (familyId: string = randomUUID()) => ({
    id: randomUUID(),
    familyId,
    userId: user.id,
    expiresAt: at(24),
    familyCreatedAt: at(0),
  });

  it('[AC12] [AC15] [AC17] a sign-in is written only while its account exists and its password hash is the one checked', async () => {
    const stale = newToken();
    expect(await store.insertRefreshTokenIfCurrent(stale, 'an older hash')).toBe(false);
    expect(await store.findRefreshToken(stale.id)).toBeNull();
    const current = newToken();
    expect(await store.insertRefreshTokenIfCurrent(current, 'hash')).toBe(true);
    expect(await store.isSessionActive(user.id, current.familyId, at(1))).toBe(true);
    expect(await store.isSessionActive(randomUUID(), current.familyId, at(1))).toBe(false);
    // A rotation checks no password, only the account.
    expect(await store.insertRefreshTokenIfCurrent(newToken(current.familyId))).toBe(true);

    expect(await store.replacePasswordHash(user.id, 'an older hash', 'rehashed')).toBe(false);
    expect(await store.replacePasswordHash(user.id, 'hash', 'new hash')).toBe(true);
    expect((await store.findUserById(user.id))!.passwordHash).toBe('new hash');
    expect(await store.insertRefreshTokenIfCurrent(newToken(), 'hash')).toBe(false);
    expect(await store.replacePasswordHash(randomUUID(), 'hash', 'x')).toBe(false);

    await store.deleteAccount(user.id);
    const orphan = newToken();
    expect(await store.insertRefreshTokenIfCurrent(orphan)).toBe(false);
    expect(await store.findRefreshToken(orphan.id)).toBeNull();
  });

  it('[AC12] [AC17] a sign-in whose account is gone is not active, even while a token of it remains', async () => {
    const token = newToken();
    await store.insertRefreshToken(token);
    expect(await store.isSessionActive(user.id, token.familyId, at(1))).toBe(true);
    await store.deleteAccount(user.id);
    // What a MongoDB deletion (no transaction) can leave: a token written in its window, naming an account that is gone.
    await store.insertRefreshToken({ ...token, id: randomUUID() });
    expect(await store.isRefreshFamilyActive(token.familyId, at(1))).toBe(true);
    expect(await store.isSessionActive(user.id, token.familyId, at(1))).toBe(false);
  });

  it('[AC12] [AC8] deleting an account leaves nothing of it, and another account untouched', async () => {
    const other = { id: randomUUID(), email: `${randomUUID()}@example.com` };
    await store.createUser({ ...other, passwordHash: 'hash', createdAt: at(0) });
    for (const owner of [user.id, other.id]) {
      await store.applyPush(owner, [{ newDocumentState: makeTask({ title: 'searchable words' }) }]);
      await store.applyListPush(owner, [{ newDocumentState: makeList({ id: 'errands' }) }]);
    }
    const familyId = randomUUID();
    const refreshId = randomUUID();
    await store.insertRefreshToken({ id: refreshId, familyId, userId: user.id, expiresAt: at(24), familyCreatedAt: at(0) });
    const token = await issue('password-reset');
    await store.markEmailVerified(user.id, user.email, at(0));

    await store.deleteAccount(user.id);
    expect(await store.findUserById(user.id)).toBeNull();
    expect(await store.findUserByEmail(user.email)).toBeNull();
    expect(await store.pullChanges(user.id, 0, 100)).toEqual([]);
    expect(await store.pullListChanges(user.id, 0, 100)).toEqual([]);
    expect(await store.highestSeq(user.id)).toBe(0);
    expect((await store.listTasks(user.id, { limit: 10, q: 'searchable' })).tasks).toEqual([]);
    expect(await store.findRefreshToken(refreshId)).toBeNull();
    expect(await store.spendOneTimeToken(token, 'password-reset', at(0.1))).toBeNull();
    expect(await store.emailVerifiedAt(user.id)).toBeNull();
    // The address may sign up again, as a new account.
    expect(await store.createUser({ id: randomUUID(), email: user.email, passwordHash: 'hash', createdAt: at(1) })).toBe(true);

    expect(await store.findUserById(other.id)).not.toBeNull();
    expect(await store.pullChanges(other.id, 0, 100)).toHaveLength(1);
    expect((await store.listTasks(other.id, { limit: 10, q: 'searchable' })).tasks).toHaveLength(1);
    expect(await store.pullListChanges(other.id, 0, 100)).toHaveLength(1);
  });
}
