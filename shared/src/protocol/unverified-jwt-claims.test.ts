import { unverifiedJwtClaims } from './unverified-jwt-claims';

/** base64url JSON, spelled out: shared's tests name no platform (no `Buffer`, no `btoa`). */
const HEADER = 'eyJhbGciOiJIUzI1NiJ9'; // {"alg":"HS256"}
const CLAIMS = 'eyJzdWIiOiJ1c2VyLTEiLCJleHAiOjE5MDAsIm4iOiI-Pj4_Pz8ifQ'; // {"sub":"user-1","exp":1900,"n":">>>???"}: `-` and `_`
const SHORT = 'eyJzdWIiOiJ1In0'; // {"sub":"u"}: 15 characters, 16 padded

describe('unverifiedJwtClaims', () => {
  it('reads the payload of a base64url JWT, padded or not, and ignores the signature', () => {
    expect(unverifiedJwtClaims(`${HEADER}.${CLAIMS}.not-a-signature`)).toEqual({ sub: 'user-1', exp: 1900, n: '>>>???' });
    expect(unverifiedJwtClaims(`${HEADER}.${SHORT}.s`)).toEqual({ sub: 'u' });
    expect(unverifiedJwtClaims(`${HEADER}.${SHORT}=.s`)).toEqual({ sub: 'u' });
  });

  it('is null for anything that is not a token with an object payload', () => {
    expect(unverifiedJwtClaims('no-dots')).toBeNull();
    expect(unverifiedJwtClaims('a.!!!.c')).toBeNull();
    expect(unverifiedJwtClaims(`${HEADER}.bnVsbA.s`)).toBeNull(); // null
    expect(unverifiedJwtClaims(`${HEADER}.WzFd.s`)).toBeNull(); // [1]
    expect(unverifiedJwtClaims(`${HEADER}.InRleHQi.s`)).toBeNull(); // "text"
  });
});
