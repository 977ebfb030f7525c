import { jwtLifetime, refreshDueAtMs } from './token-expiry';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const tokenWith = (claims: object) => `${base64url({ alg: 'HS256' })}.${base64url(claims)}.signature`;

describe('token expiry', () => {
  it('reads iat and exp of an access token without verifying it', () => {
    expect(jwtLifetime(tokenWith({ iat: 1000, exp: 1900 }))).toEqual({ issuedAtMs: 1_000_000, expiresAtMs: 1_900_000 });
    expect(jwtLifetime('not-a-jwt')).toBeNull();
    expect(jwtLifetime(tokenWith({ sub: 'u1' }))).toBeNull();
  });

  it('renews 30 s before expiry, or a tenth of the lifetime ahead for short-lived tokens', () => {
    expect(refreshDueAtMs(tokenWith({ iat: 0, exp: 900 }))).toBe(900_000 - 30_000);
    expect(refreshDueAtMs(tokenWith({ iat: 0, exp: 60 }))).toBe(60_000 - 6_000);
  });
});
