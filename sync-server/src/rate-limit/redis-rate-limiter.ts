import { Redis } from 'ioredis';
import type { RateLimiter, RateLimiterFactory, RateLimitRule } from './rate-limiter';

/** INCR and set the window's expiry atomically; returns [hits, milliseconds left]. */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return { hits, ttl }
`;

/**
 * Counters shared by every instance through Redis. When Redis is unreachable
 * the request is allowed (fail open): an outage of the limiter must not take
 * the API down with it; the in-process socket limiter still applies.
 */
export function createRedisRateLimiter(redis: Redis, rule: RateLimitRule): RateLimiter {
  return {
    async hit(key) {
      try {
        const [hits, ttl] = (await redis.eval(HIT_SCRIPT, 1, `tasklane:rl:${rule.name}:${key}`, rule.windowMs)) as [number, number];
        if (hits <= rule.limit) return { allowed: true };
        return { allowed: false, retryAfterMs: Math.max(1, ttl) };
      } catch {
        return { allowed: true };
      }
    },
  };
}

/** One Redis connection for every HTTP limiter of this instance; commands fail fast while Redis is away. */
export function createRedisRateLimiters(url: string): { factory: RateLimiterFactory; close(): void } {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined); // reported by the fan-out's readiness check; limiters fail open meanwhile
  return {
    factory: (rule) => createRedisRateLimiter(redis, rule),
    close: () => redis.disconnect(),
  };
}
