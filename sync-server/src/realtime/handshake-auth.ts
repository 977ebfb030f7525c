import { handshakeAuthSchema, protocolVersionSchema } from '@tasklane/shared/protocol/handshake';
import { MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { SessionCheck } from '../auth/session-check';
import type { TokenIssuer } from '../auth/token-issuer';
import type { Logger } from '../logging/logger';
import { toProtocolError } from '../errors/to-protocol-error';
import type { SocketData, SyncSocket } from './socket-types';

/** A failed handshake is a `connect_error` whose message is the code and whose data is the error body. */
export function handshakeError(error: ProtocolError): Error & { data: unknown } {
  return Object.assign(new Error(error.code), { data: error.toBody() });
}

const SUPPORTED = `this server speaks protocol ${MIN_SUPPORTED_PROTOCOL_VERSION}..${PROTOCOL_VERSION}`;

/** The version is checked before the token: a client that cannot speak to this server learns so whatever its token (docs/protocol.md [H3]). */
function checkProtocolVersion(auth: unknown): void {
  const version = typeof auth === 'object' && auth !== null ? (auth as { protocolVersion?: unknown }).protocolVersion : undefined;
  const parsed = protocolVersionSchema.safeParse(version);
  if (!parsed.success) {
    throw new ProtocolError('INVALID_MESSAGE', `connect with auth: { token, protocolVersion: <integer> }; ${SUPPORTED}`);
  }
  if (parsed.data < MIN_SUPPORTED_PROTOCOL_VERSION) {
    throw new ProtocolError('CLIENT_TOO_OLD', `protocol ${parsed.data} is no longer supported (${SUPPORTED}); update the app`);
  }
  if (parsed.data > PROTOCOL_VERSION) {
    throw new ProtocolError(
      'SERVER_TOO_OLD',
      `protocol ${parsed.data} is newer than this server (${SUPPORTED}); keep working offline and retry later`,
    );
  }
}

async function authenticate(auth: unknown, tokens: TokenIssuer, checkSession: SessionCheck): Promise<SocketData> {
  checkProtocolVersion(auth);
  const parsed = handshakeAuthSchema.safeParse(auth);
  if (!parsed.success) throw new ProtocolError('UNAUTHENTICATED', 'connect with auth: { token, protocolVersion }');
  const claims = tokens.verifyAccess(parsed.data.token);
  await checkSession(claims); // an ended sign-in cannot reconnect with its still-unexpired access token ([AU17])
  const data: SocketData = { userId: claims.userId, tokenExpiresAtMs: claims.expiresAtMs };
  if (claims.sessionId !== undefined) data.sessionId = claims.sessionId; // its sign-in, so sign-out can end it ([AU15])
  return data;
}

export function createHandshakeAuth(tokens: TokenIssuer, logger: Logger, checkSession: SessionCheck) {
  return (socket: SyncSocket, next: (error?: Error) => void) => {
    authenticate(socket.handshake.auth, tokens, checkSession).then(
      (data) => {
        socket.data = data;
        // The token is not kept: socket.io would hold it for the socket's life and send it with the socket's
        // details to other instances when they count a user's sockets through Redis ([AB1]).
        socket.handshake.auth = {};
        next();
      },
      (error: unknown) => next(handshakeError(toProtocolError(error, logger, 'socket handshake'))),
    );
  };
}
