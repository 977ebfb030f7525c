import { z } from 'zod';
import { errorBodySchema } from './error-body';

/** socket.io `auth` of the connection: the access token and the protocol version the client speaks. */
export const handshakeAuthSchema = z.object({
  token: z.string().min(1).max(4096),
  protocolVersion: z.number().int(),
});
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

/** What a handshake can fail with; anything unexpected is INTERNAL. */
export const HANDSHAKE_ERROR_CODES = ['UNAUTHENTICATED', 'CLIENT_TOO_OLD', 'INTERNAL'] as const;
const handshakeErrorCodeSchema = z.enum(HANDSHAKE_ERROR_CODES);

/** The `connect_error` of a refused handshake: its message is the code, its data the error body. */
export const connectErrorSchema = z.strictObject({
  message: handshakeErrorCodeSchema,
  data: errorBodySchema.extend({ code: handshakeErrorCodeSchema }),
});
export type ConnectError = z.infer<typeof connectErrorSchema>;
