import { Redis } from 'ioredis';
import type { RateLimiter, RateLimiterFactory, RateLimitRule } from './rate-limiter';

/** INCR and set the window's expiry atomically; returns [hits, milliseconds left]. */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return { hits, ttl }
`;

/** How long a hit waits for a connection still being made (an instance that just started) before it fails open. */
const CONNECT_WAIT_MS = 1000;

/**
 * Commands fail at once while the connection is not ready (no offline queue): right after start-up that would let the
 * first requests through uncounted, so a hit waits briefly for a connection under way; an outage still fails open.
 */
async function connected(redis: Redis): Promise<void> {
  if (redis.status !== 'connecting' && redis.status !== 'connect' && redis.status !== 'wait') return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, CONNECT_WAIT_MS);
    redis.once('ready', done);
  });
}

/**
 * Counters shared by every instance through Redis. When Redis is unreachable
 * the request is allowed (fail open): an outage of the limiter must not take
 * the API down with it; the in-process socket limiter still applies.
 */
export function createRedisRateLimiter(redis: Redis, rule: RateLimitRule): RateLimiter {
  return {
    async hit(key) {
      try {
        await connected(redis);
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
