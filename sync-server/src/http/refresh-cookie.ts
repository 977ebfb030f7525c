import { parse } from 'cookie';
import type { Request, Response } from 'express';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';

/**
 * `__Host-`: the browser accepts this cookie only from this very host, `Secure`, with `Path=/` and no
 * `Domain`, so a sibling subdomain cannot plant one ([AU19]).
 */
export const REFRESH_COOKIE = '__Host-tasklane_refresh';
const COOKIE_PATH = '/';

export function setRefreshCookie(res: Response, refreshToken: string, maxAgeSeconds: number): void {
  res.cookie(REFRESH_COOKIE, refreshToken, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: COOKIE_PATH,
    maxAge: maxAgeSeconds * 1000,
  });
}

export function clearRefreshCookie(res: Response): void {
  res.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: COOKIE_PATH });
}

/** How many pairs of the header are named like the refresh cookie, with the `cookie` package's trimming. */
function refreshCookieCount(header: string): number {
  return header.split(';').filter((pair) => pair.slice(0, Math.max(pair.indexOf('='), 0)).trim() === REFRESH_COOKIE).length;
}

/**
 * The refresh cookie, parsed by the `cookie` package ([AU14]): a value that is not valid percent-encoding
 * stays as sent (it then fails as a token, 401), instead of throwing as `decodeURIComponent` did (a 500).
 * This server sets one cookie of that name on one path, so two of them mean another site of the same domain
 * planted one (cookie tossing); the `cookie` package keeps the first, which the browser orders by longest path,
 * i.e. the planted one. Spending it would sign the victim into the planter's account: refused ([AU19]).
 */
export function readRefreshCookie(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  if (refreshCookieCount(header) > 1) {
    throw new ProtocolError('UNAUTHENTICATED', `more than one ${REFRESH_COOKIE} cookie was sent; remove the ones this site did not set`);
  }
  return parse(header)[REFRESH_COOKIE] || undefined;
}
