import type { Request, RequestHandler, Response } from 'express';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { RateLimiter } from './rate-limiter';

/** Answers 429 RATE_LIMITED with Retry-After once `keyOf` has used up its window. */
export function rateLimit(limiter: RateLimiter, keyOf: (req: Request, res: Response) => string): RequestHandler {
  return (req, res, next) => {
    limiter.hit(keyOf(req, res)).then(
      (decision) => {
        if (decision.allowed) next();
        else next(new ProtocolError('RATE_LIMITED', 'too many requests; slow down', { retryAfterMs: decision.retryAfterMs }));
      },
      (error: unknown) => next(error),
    );
  };
}
