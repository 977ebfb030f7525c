import { unverifiedJwtClaims } from '@tasklane/shared/protocol/unverified-jwt-claims';

/** Reads `iat`/`exp` of a JWT without verifying it (the server verifies); null when unreadable. */
export function jwtLifetime(token: string): { issuedAtMs: number; expiresAtMs: number } | null {
  const claims = unverifiedJwtClaims(token);
  if (typeof claims?.exp !== 'number') return null;
  const expiresAtMs = claims.exp * 1000;
  const issuedAtMs = typeof claims.iat === 'number' ? claims.iat * 1000 : expiresAtMs - 15 * 60_000;
  return { issuedAtMs, expiresAtMs };
}

/** When to refresh ahead of expiry: 30 s before, or a tenth of the lifetime for short tokens. */
export function refreshDueAtMs(token: string): number | null {
  const lifetime = jwtLifetime(token);
  if (!lifetime) return null;
  const margin = Math.min(30_000, (lifetime.expiresAtMs - lifetime.issuedAtMs) / 10);
  return lifetime.expiresAtMs - margin;
}
