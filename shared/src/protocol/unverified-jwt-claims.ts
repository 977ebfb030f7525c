// Browsers, service workers and Node all have `atob`; shared's compile target names no platform.
const platform = globalThis as unknown as { atob(base64: string): string };

/**
 * The claims of a JWT read without checking its signature — only the server can, and it does; a device reads them to
 * plan (when to refresh) or to route (whose task an action is for), never to trust. Null when unreadable. Zod-free: the
 * service worker's bundle uses it.
 */
export function unverifiedJwtClaims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims: unknown = JSON.parse(platform.atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=')));
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
