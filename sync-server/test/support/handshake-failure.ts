import type { ErrorBody } from '@tasklane/shared/protocol/error-body';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { connectSocket } from '@tasklane/testkit/sync-socket';

/** The `connect_error` of a handshake that must be refused: its message is the code, its `data` the error body. */
export async function handshakeFailure(
  url: string,
  token: string | undefined,
  protocolVersion = PROTOCOL_VERSION,
): Promise<Error & { data?: ErrorBody }> {
  try {
    const socket = await connectSocket(url, token, protocolVersion);
    socket.close();
  } catch (error) {
    return error as Error & { data?: ErrorBody };
  }
  throw new Error('the handshake was expected to fail');
}
