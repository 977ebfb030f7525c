import { handshakeAuthSchema } from '@tasklane/shared/protocol/handshake';
import { MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { TokenIssuer } from '../auth/token-issuer';
import type { Logger } from '../logging/logger';
import { toProtocolError } from '../errors/to-protocol-error';
import type { SyncSocket } from './socket-types';

/** A failed handshake is a `connect_error` whose message is the code and whose data is the error body. */
export function handshakeError(error: ProtocolError): Error & { data: unknown } {
  return Object.assign(new Error(error.code), { data: error.toBody() });
}

function authenticate(auth: unknown, tokens: TokenIssuer): { userId: string; tokenExpiresAtMs: number } {
  const parsed = handshakeAuthSchema.safeParse(auth);
  if (!parsed.success) {
    const version = (auth as { protocolVersion?: unknown } | null)?.protocolVersion;
    if (typeof version === 'number' && version < MIN_SUPPORTED_PROTOCOL_VERSION) {
      throw new ProtocolError('CLIENT_TOO_OLD', `protocol ${version} is no longer supported; update the app`);
    }
    throw new ProtocolError('UNAUTHENTICATED', 'connect with auth: { token, protocolVersion }');
  }
  const { token, protocolVersion } = parsed.data;
  if (protocolVersion < MIN_SUPPORTED_PROTOCOL_VERSION || protocolVersion > PROTOCOL_VERSION) {
    throw new ProtocolError(
      'CLIENT_TOO_OLD',
      `protocol ${protocolVersion} is not supported; this server speaks ${MIN_SUPPORTED_PROTOCOL_VERSION}..${PROTOCOL_VERSION}`,
    );
  }
  const claims = tokens.verifyAccess(token);
  return { userId: claims.userId, tokenExpiresAtMs: claims.expiresAtMs };
}

export function createHandshakeAuth(tokens: TokenIssuer, logger: Logger) {
  return (socket: SyncSocket, next: (error?: Error) => void) => {
    try {
      socket.data = authenticate(socket.handshake.auth, tokens);
      next();
    } catch (error) {
      next(handshakeError(toProtocolError(error, logger, 'socket handshake')));
    }
  };
}
