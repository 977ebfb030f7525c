export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Fixed-window counter: at most `limit` hits per `windowMs` for one key. */
export interface RateLimiter {
  hit(key: string): Promise<RateLimitDecision>;
}

export type RateLimitRule = { name: string; limit: number; windowMs: number };

/** Builds one limiter per rule on a shared backend (memory, or Redis shared by every instance). */
export type RateLimiterFactory = (rule: RateLimitRule) => RateLimiter;
