import type { RequestHandler } from 'express';
import { createOriginPolicy } from './request-origin';

const ALLOWED_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';
/** Content-Encoding: an import page may be sent gzip-compressed ([EX7], [EX13]). */
const ALLOWED_HEADERS = 'Authorization, Content-Type, Content-Encoding, X-Request-Id, Idempotency-Key';
/** Content-Disposition carries the export's file name ([EX13]); a cross-origin page may read only what is listed. */
const EXPOSED_HEADERS = 'Retry-After, X-Request-Id, Idempotent-Replayed, Content-Disposition';

/**
 * CORS allowlist from ALLOWED_ORIGINS ([SEC3]). Same-origin requests (judged as the socket handshake judges
 * them, request-origin.ts) need no headers; an origin not on the list gets none, so the browser blocks the response.
 */
export function cors(options: { allowedOrigins: string[]; trustProxyHops: number }): RequestHandler {
  const allowAny = options.allowedOrigins.includes('*');
  const policy = createOriginPolicy(options);
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (origin && policy.judge(req) === 'listed') {
      res.setHeader('Access-Control-Allow-Origin', allowAny ? '*' : origin);
      if (!allowAny) res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
        res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  };
}
