import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** What the origin checks read of a request: its headers and whether it arrived over TLS at this process. */
export type OriginRequest = Pick<IncomingMessage, 'headers' | 'socket'>;

/** The first value of a header that a proxy may have sent as a comma-separated list (as express reads it). */
function firstValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.split(',')[0]?.trim();
  return value ? value : undefined;
}

/**
 * `https` or `http` as the client used it ([PX1]): the trusted proxy's `X-Forwarded-Proto` when TRUST_PROXY
 * is at least 1, else whether this connection is TLS. An untrusted `X-Forwarded-Proto` is ignored.
 */
export function requestProtocol(request: OriginRequest, trustProxyHops: number): 'https' | 'http' {
  const forwarded = trustProxyHops > 0 ? firstValue(request.headers, 'x-forwarded-proto')?.toLowerCase() : undefined;
  if (forwarded === 'https' || forwarded === 'http') return forwarded;
  return (request.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http';
}

/**
 * The origin the client addressed ([PX1]): scheme from `requestProtocol`, host and port from the trusted
 * `X-Forwarded-Host`, else from `Host` (which keeps the port: a proxy must forward it whole). Undefined when
 * the request names no valid host.
 */
function requestOrigin(request: OriginRequest, trustProxyHops: number): string | undefined {
  const host = (trustProxyHops > 0 ? firstValue(request.headers, 'x-forwarded-host') : undefined) ?? firstValue(request.headers, 'host');
  return host ? normalizeOrigin(`${requestProtocol(request, trustProxyHops)}://${host}`) : undefined;
}

/** `scheme://host[:port]` lower-cased, default port dropped; undefined when it is not an http(s) origin. */
function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

export type OriginVerdict = 'no-origin' | 'same-origin' | 'listed' | 'refused';

export type OriginPolicy = {
  /** How the request's `Origin` relates to this server: absent (native clients), our own, on ALLOWED_ORIGINS, or neither. */
  judge(request: OriginRequest): OriginVerdict;
};

/** One policy for CORS ([SEC3]) and the socket handshake ([H5], [PX1]). */
export function createOriginPolicy(options: { allowedOrigins: string[]; trustProxyHops: number }): OriginPolicy {
  const allowAny = options.allowedOrigins.includes('*');
  const listed = new Set(options.allowedOrigins.flatMap((origin) => normalizeOrigin(origin) ?? []));
  return {
    judge(request) {
      const raw = request.headers.origin;
      if (!raw) return 'no-origin';
      const origin = normalizeOrigin(raw);
      if (origin === undefined) return allowAny ? 'listed' : 'refused';
      if (origin === requestOrigin(request, options.trustProxyHops)) return 'same-origin';
      return allowAny || listed.has(origin) ? 'listed' : 'refused';
    },
  };
}
