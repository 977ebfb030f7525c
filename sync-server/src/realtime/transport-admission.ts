import type { IncomingMessage } from 'node:http';
import type { Metrics } from '../metrics/metrics';
import { clientAddress } from '../rate-limit/client-address';
import type { RateLimiter } from '../rate-limit/rate-limiter';

/**
 * [AX1] How long an engine.io connection may stay open without a socket.io handshake that succeeded
 * (socket.io's `connectTimeout`, 45 s by default). A real client sends its handshake right after the upgrade.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * [AX1] WebSocket upgrades per client IP per minute, as a multiple of RATE_LIMIT_HANDSHAKE. Every socket.io
 * handshake needs one upgrade, so an honest client over the handshake limit meets the documented
 * `RATE_LIMITED` connect_error ([AB2]) long before this transport-level refusal.
 */
export const UPGRADES_PER_HANDSHAKE = 2;

/**
 * [AX1]: the handshake limit ([AB2]) counts socket.io handshakes, which a client may simply never send: each
 * bare engine.io connection costs the server a file descriptor and ~16 KB until `connectTimeout`. So every
 * WebSocket upgrade counts against its client IP too, before engine.io accepts it. Answers the refusal
 * message for engine.io's `allowRequest` (HTTP 400 with that body), or null to admit.
 */
export function createTransportAdmission(deps: {
  limiter: RateLimiter;
  trustProxyHops: number;
  metrics: Pick<Metrics, 'rateLimited'>;
}): (request: IncomingMessage) => Promise<string | null> {
  return async (request) => {
    const decision = await deps.limiter.hit(clientAddress(request, deps.trustProxyHops));
    if (decision.allowed) return null;
    deps.metrics.rateLimited.inc({ limit: 'transport' });
    return 'RATE_LIMITED';
  };
}
