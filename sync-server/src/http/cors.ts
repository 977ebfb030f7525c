import type { RequestHandler } from 'express';

const ALLOWED_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Request-Id';

/**
 * CORS allowlist from ALLOWED_ORIGINS. Same-origin requests need no headers;
 * an origin not on the list gets none, so the browser blocks the response.
 */
export function cors(allowedOrigins: string[]): RequestHandler {
  const allowAny = allowedOrigins.includes('*');
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (origin && (allowAny || allowedOrigins.includes(origin))) {
      res.setHeader('Access-Control-Allow-Origin', allowAny ? '*' : origin);
      if (!allowAny) res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id');
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
