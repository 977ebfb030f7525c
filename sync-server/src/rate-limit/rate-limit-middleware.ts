import type { Request, RequestHandler, Response } from 'express';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Metrics } from '../metrics/metrics';
import type { RateLimiter } from './rate-limiter';

/**
 * Answers 429 RATE_LIMITED with Retry-After once `keyOf` has used up its window, and counts the refusal in
 * `rate_limited_total` labelled with the path the limiter is mounted on (`/api/auth`). It counts here, not
 * in the error handler: by then the request has left the router, and Express has reset `req.baseUrl`.
 */
export function rateLimit(
  limiter: RateLimiter,
  keyOf: (req: Request, res: Response) => string,
  metrics: Pick<Metrics, 'rateLimited'>,
): RequestHandler {
  return (req, res, next) => {
    const limit = req.baseUrl || '/';
    limiter.hit(keyOf(req, res)).then(
      (decision) => {
        if (decision.allowed) {
          next();
          return;
        }
        metrics.rateLimited.inc({ limit });
        next(new ProtocolError('RATE_LIMITED', 'too many requests; slow down', { retryAfterMs: decision.retryAfterMs }));
      },
      (error: unknown) => next(error),
    );
  };
}
