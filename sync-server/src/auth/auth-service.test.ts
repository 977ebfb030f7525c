import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { FAST_PASSWORD_HASHING, TEST_TOKEN_SECRETS } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../store/sqlite/embedded-store';
import type { Store } from '../store/store';
import { createAuthService, DEFAULT_REFRESH_RETRY_GRACE_MS, type AuthService } from './auth-service';
import { createPasswordHasher } from './password-hasher';
import { createTokenIssuer } from './token-issuer';

const DAY_MS = 86_400_000;
const tokens = createTokenIssuer({ ...TEST_TOKEN_SECRETS, accessTtlSeconds: 900, refreshTtlSeconds: 7 * 86_400 });

describe('auth service: refresh-token families (real embedded store, controlled clock)', () => {
  const temp = makeTempDir('auth-service');
  let store: Store;
  let clockMs = Date.now();
  const ended: string[] = [];
  let auth: AuthService;

  beforeAll(() => {
    store = createEmbeddedStore({ dataDir: temp.dir });
    auth = createAuthService({
      store,
      hasher: createPasswordHasher(FAST_PASSWORD_HASHING),
      tokens,
      now: () => new Date(clockMs),
      onSessionEnded: (familyId) => ended.push(familyId),
    });
  });
  afterAll(async () => {
    await store.close();
    temp.remove();
  });

  async function signUp(): Promise<string> {
    return (await auth.register(`${randomUUID()}@example.com`, 'long enough secret')).refreshToken;
  }

  async function refreshes(token: string): Promise<boolean> {
    try {
      await auth.refresh(token);
      return true;
    } catch (error) {
      if (error instanceof ProtocolError && error.code === 'UNAUTHENTICATED') return false;
      throw error;
    }
  }

  async function familyRevoked(...held: string[]): Promise<boolean> {
    const records = await Promise.all(held.map((token) => store.findRefreshToken(tokens.verifyRefresh(token).tokenId)));
    return records.every((record) => record !== null && record.revokedAt !== null);
  }

  it('[AU8] a retry within the grace window gets the same successor (same token id), and so does a simultaneous one', async () => {
    const first = await signUp();
    const answered = await auth.refresh(first);
    clockMs += 1000;
    const retried = await auth.refresh(first);
    expect(tokens.verifyRefresh(retried.refreshToken).tokenId).toBe(tokens.verifyRefresh(answered.refreshToken).tokenId);

    const second = await signUp();
    const [a, b] = await Promise.all([auth.refresh(second), auth.refresh(second)]);
    expect(tokens.verifyRefresh(a.refreshToken).tokenId).toBe(tokens.verifyRefresh(b.refreshToken).tokenId);
    expect(await refreshes(a.refreshToken)).toBe(true);
  });

  it('[AU8] once the successor was used, presenting the rotated token again revokes the family, even within the window', async () => {
    const first = await signUp();
    const second = (await auth.refresh(first)).refreshToken;
    const third = (await auth.refresh(second)).refreshToken;
    expect(await refreshes(first)).toBe(false);
    expect(await familyRevoked(first, second, third)).toBe(true);
    expect(ended).toContain(tokens.verifyRefresh(first).familyId);
  });

  it('[AU9] presenting a revoked token is reuse: its whole family is revoked, whatever revoked it', async () => {
    const first = await signUp();
    const second = (await auth.refresh(first)).refreshToken;
    // Revoked elsewhere (a sign-out on another instance): the token that comes back afterwards is a copy.
    await store.revokeRefreshTokenFamily(tokens.verifyRefresh(first).familyId, new Date(clockMs).toISOString());
    ended.length = 0;
    expect(await refreshes(second)).toBe(false);
    expect(ended).toEqual([tokens.verifyRefresh(second).familyId]);
  });

  it('[AU11] a sign-in ends after REFRESH_FAMILY_MAX_AGE however often it was refreshed, and its tokens never outlive it', async () => {
    const short = createAuthService({
      store,
      hasher: createPasswordHasher(FAST_PASSWORD_HASHING),
      tokens: createTokenIssuer({
        ...TEST_TOKEN_SECRETS,
        accessTtlSeconds: 900,
        refreshTtlSeconds: 7 * 86_400,
        refreshFamilyMaxAgeSeconds: 10 * 86_400,
      }),
      now: () => new Date(clockMs),
    });
    const started = clockMs;
    let token = (await short.register(`${randomUUID()}@example.com`, 'long enough secret')).refreshToken;
    for (let day = 1; day <= 9; day += 1) {
      clockMs = started + day * DAY_MS;
      token = (await short.refresh(token)).refreshToken;
      expect(tokens.verifyRefresh(token).expiresAtMs).toBeLessThanOrEqual(started + 10 * DAY_MS);
    }
    clockMs = started + 10 * DAY_MS;
    await expect(short.refresh(token)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('sign in again'),
    });
  });

  it('[AU18] a rotated token is a copy even once expired: presenting it revokes the family; an unrotated expired one only fails', async () => {
    const first = await signUp();
    const second = (await auth.refresh(first)).refreshToken;
    clockMs += 6 * DAY_MS;
    const third = (await auth.refresh(second)).refreshToken;
    clockMs += 2 * DAY_MS; // `first` and `second` have expired, `third` has not
    ended.length = 0;
    await expect(auth.refresh(first)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('already used') });
    expect(await familyRevoked(first, second, third)).toBe(true);
    expect(ended).toEqual([tokens.verifyRefresh(first).familyId]);

    const lone = await signUp();
    clockMs += 8 * DAY_MS;
    await expect(auth.refresh(lone)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'refresh token expired' });
    expect(await familyRevoked(lone)).toBe(false);
  });

  type Party = 'owner' | 'thief';
  type Command = { kind: 'refresh'; who: Party; answerLost: boolean } | { kind: 'both-at-once' } | { kind: 'wait'; ms: number };

  const command: fc.Arbitrary<Command> = fc.oneof(
    fc.record({ kind: fc.constant('refresh' as const), who: fc.constantFrom<Party>('owner', 'thief'), answerLost: fc.boolean() }),
    fc.constant({ kind: 'both-at-once' as const }),
    fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(1000, DEFAULT_REFRESH_RETRY_GRACE_MS + 1000) }),
  );

  it('[AU10] after any interleaving of owner and thief refreshes, never "thief signed in, owner signed out", never both signed in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(command, { maxLength: 8 }), async (thiefHoldsOlder, commands) => {
        const held: Record<Party, string> = { owner: await signUp(), thief: '' };
        held.thief = held.owner;
        if (thiefHoldsOlder) held.owner = (await auth.refresh(held.owner)).refreshToken;

        async function present(who: Party, answerLost = false): Promise<boolean> {
          try {
            const pair = await auth.refresh(held[who]);
            if (!answerLost) held[who] = pair.refreshToken;
            return true;
          } catch (error) {
            if (!(error instanceof ProtocolError) || error.code !== 'UNAUTHENTICATED') throw error;
            // The invariant behind the property: a refused refresh leaves no token of the family working, the other party's included.
            expect(await familyRevoked(held.owner, held.thief)).toBe(true);
            return false;
          }
        }

        for (const step of commands) {
          if (step.kind === 'wait') clockMs += step.ms;
          else if (step.kind === 'refresh') await present(step.who, step.answerLost);
          else await Promise.all([present('owner'), present('thief')]);
        }
        // Signed in = holds a refresh token that still works: each party spends its token, outside any grace window.
        const beyondGrace = () => (clockMs += DEFAULT_REFRESH_RETRY_GRACE_MS + 1000);
        beyondGrace();
        const ownerFirst = await present('owner');
        beyondGrace();
        const thiefIn = await present('thief');
        beyondGrace();
        const ownerIn = ownerFirst && (await present('owner'));
        expect({ thiefIn, ownerIn }).not.toEqual({ thiefIn: true, ownerIn: false });
        expect({ thiefIn, ownerIn }).not.toEqual({ thiefIn: true, ownerIn: true });
      }),
      { numRuns: 60 },
    );
  });
});
