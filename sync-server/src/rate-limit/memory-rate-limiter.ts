import type { RateLimitDecision, RateLimiter, RateLimitRule } from './rate-limiter';

type Window = { startedAt: number; hits: number };

const SWEEP_EVERY_HITS = 1000;

/** Counters in this process only: right for one instance; use Redis for several. */
export function createMemoryRateLimiter(rule: RateLimitRule, now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, Window>();
  let hitsSinceSweep = 0;

  function sweep(at: number): void {
    for (const [key, window] of windows) if (at - window.startedAt >= rule.windowMs) windows.delete(key);
  }

  function decide(key: string): RateLimitDecision {
    const at = now();
    hitsSinceSweep += 1;
    if (hitsSinceSweep >= SWEEP_EVERY_HITS) {
      hitsSinceSweep = 0;
      sweep(at);
    }
    let window = windows.get(key);
    if (!window || at - window.startedAt >= rule.windowMs) {
      window = { startedAt: at, hits: 0 };
      windows.set(key, window);
    }
    window.hits += 1;
    if (window.hits <= rule.limit) return { allowed: true };
    return { allowed: false, retryAfterMs: Math.max(1, window.startedAt + rule.windowMs - at) };
  }

  // Decided synchronously; the Promise is the RateLimiter contract that the Redis limiter needs.
  return { hit: (key) => Promise.resolve(decide(key)) };
}
