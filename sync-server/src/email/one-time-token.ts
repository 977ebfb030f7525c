import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 43 characters, as the links carry them. */
export const ONE_TIME_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Only the hash is stored ([AC2]): a copy of the store (a backup, a leaked dump) holds no working link. */
export function hashOneTimeToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newOneTimeToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOneTimeToken(token) };
}
