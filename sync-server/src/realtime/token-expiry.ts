import { TOKEN_EXPIRED_EVENT, type TokenExpired } from '@tasklane/shared/protocol/handshake';
import { RETRYABLE_BY_CODE } from '@tasklane/shared/protocol/error-codes';
import type { SyncSocket } from './socket-types';

/** setTimeout's longest delay; a token that lives longer re-arms the timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * When the socket's access token expires, tells the client why and closes the socket, so it refreshes and
 * reconnects at once instead of sitting connected without `changes` until its next message (docs/protocol.md [H4]).
 */
export function closeOnTokenExpiry(socket: SyncSocket, now: () => number = Date.now): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const untilExpiry = socket.data.tokenExpiresAtMs - now();
    if (untilExpiry > MAX_TIMER_MS) {
      timer = setTimeout(arm, MAX_TIMER_MS);
      return;
    }
    timer = setTimeout(expire, Math.max(0, untilExpiry));
  };
  const expire = () => {
    if (socket.disconnected) return;
    const reason: TokenExpired = {
      code: 'UNAUTHENTICATED',
      message: 'access token expired; refresh it and reconnect',
      retryable: RETRYABLE_BY_CODE.UNAUTHENTICATED,
    };
    socket.emit(TOKEN_EXPIRED_EVENT, reason);
    // engine.io flushes the event before it closes the connection; the client sees "io server disconnect".
    socket.disconnect(true);
  };
  socket.on('disconnect', () => clearTimeout(timer));
  arm();
}
