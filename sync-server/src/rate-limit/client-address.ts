import type { IncomingMessage } from 'node:http';

/**
 * The client's IP as express reads it with a numeric `trust proxy` (TRUST_PROXY hops): the connection's
 * address, then `X-Forwarded-For` from right to left, believing at most `trustProxyHops` entries.
 * So the socket handshake limit ([AB2]) counts the same address as the HTTP limits ([RL1]).
 */
export function clientAddress(request: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxyHops: number): string {
  const remote = request.socket.remoteAddress ?? 'unknown';
  if (trustProxyHops === 0) return remote;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean)
    .reverse();
  const chain = [remote, ...forwarded];
  return chain[Math.min(trustProxyHops, chain.length - 1)] ?? remote;
}
