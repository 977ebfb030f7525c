/** [NT12] Tries of one delivery before it fails for good (the first included). */
export const MAX_DELIVERY_ATTEMPTS = 6;
const BASE_MS = 5_000;
const MAX_MS = 10 * 60_000;

/** Exponential back-off with full jitter after `attempts` tries, never sooner than the push service's Retry-After. */
export function retryDelayMs(attempts: number, retryAfterMs: number | null, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.min(MAX_MS, Math.max(jittered, retryAfterMs ?? 0));
}
