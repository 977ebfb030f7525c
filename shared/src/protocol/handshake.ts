import { z } from 'zod';
import { errorBodySchema } from './error-body';

/** The protocol version a client speaks: an integer; anything else is a malformed handshake, not a bad token. */
export const protocolVersionSchema = z.number().int();

/** socket.io `auth` of the connection: the access token and the protocol version the client speaks. */
export const handshakeAuthSchema = z.object({
  token: z.string().min(1).max(4096),
  protocolVersion: protocolVersionSchema,
});
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

/** What a handshake can fail with; anything unexpected is INTERNAL. */
export const HANDSHAKE_ERROR_CODES = [
  'UNAUTHENTICATED',
  'INVALID_MESSAGE',
  'CLIENT_TOO_OLD',
  'SERVER_TOO_OLD',
  'RATE_LIMITED',
  'TOO_MANY_SOCKETS',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
const handshakeErrorCodeSchema = z.enum(HANDSHAKE_ERROR_CODES);

/** The `connect_error` of a refused handshake: its message is the code, its data the error body. */
export const connectErrorSchema = z.strictObject({
  message: handshakeErrorCodeSchema,
  data: errorBodySchema.extend({ code: handshakeErrorCodeSchema }),
});
export type ConnectError = z.infer<typeof connectErrorSchema>;

/** Sent to a connected socket just before the server closes it because its access token expired (docs/protocol.md [H4]). */
export const TOKEN_EXPIRED_EVENT = 'token-expired';
export const tokenExpiredSchema = errorBodySchema.extend({ code: z.literal('UNAUTHENTICATED') });
export type TokenExpired = z.infer<typeof tokenExpiredSchema>;
