import type { Request } from 'express';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { createOriginPolicy } from './request-origin';

/** `Sec-Fetch-Site` values of a request the page itself made (or the user typed); never a cross-site one. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

export type CookieCsrfGuard = {
  /** Throws FORBIDDEN unless a request that authenticates with the refresh cookie is one our own page could make ([AU13]). */
  check(req: Request): void;
};

function isJson(req: Request): boolean {
  const mediaType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/**
 * A form or `text/plain` POST from another site needs no CORS preflight, and SameSite only knows sites, not
 * origins: a sibling subdomain could still spend the cookie. So a cookie-authenticated request must be JSON (which
 * cross-origin pages can only send after a preflight) and come from our origin or an allow-listed one.
 */
export function createCookieCsrfGuard(options: { allowedOrigins: string[]; trustProxyHops: number }): CookieCsrfGuard {
  const origins = createOriginPolicy(options);
  return {
    check(req) {
      if (!isJson(req))
        throw new ProtocolError('FORBIDDEN', 'a request authenticated by the refresh cookie must be sent as application/json');
      const verdict = origins.judge(req);
      if (verdict === 'same-origin' || verdict === 'listed') return;
      const fetchSite = req.headers['sec-fetch-site'];
      if (verdict === 'no-origin' && typeof fetchSite === 'string' && OWN_FETCH_SITES.has(fetchSite)) return;
      throw new ProtocolError('FORBIDDEN', 'a request authenticated by the refresh cookie must come from this site or an allowed origin');
    },
  };
}
