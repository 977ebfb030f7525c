import { TOKEN_EXPIRED_EVENT, type TokenExpired } from '@tasklane/shared/protocol/handshake';
import { RETRYABLE_BY_CODE } from '@tasklane/shared/protocol/error-codes';
import type { SyncSocket } from './socket-types';

/** setTimeout's longest delay; a token that lives longer re-arms the timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const REASON: TokenExpired = {
  code: 'UNAUTHENTICATED',
  message: 'access token expired; refresh it and reconnect',
  retryable: RETRYABLE_BY_CODE.UNAUTHENTICATED,
};

function expire(socket: SyncSocket): void {
  if (socket.disconnected) return;
  socket.emit(TOKEN_EXPIRED_EVENT, REASON);
  // engine.io flushes the event before it closes the connection; the client sees "io server disconnect".
  socket.disconnect(true);
}

export type TokenExpiry = { watch(socket: SyncSocket): void };

/**
 * When a socket's access token expires, tells the client why and closes the socket, so it refreshes and
 * reconnects at once instead of sitting connected without `changes` until its next message (docs/protocol.md [H4]).
 *
 * One timer per expiry instant, not per socket: the server's tokens expire on whole seconds, so the sockets
 * whose tokens were issued in the same second share a timer (an idle socket costs a set entry, not a timer
 * and its closures). Each socket is still closed at its own token's `exp`.
 */
export function createTokenExpiry(now: () => number = Date.now): TokenExpiry {
  const due = new Map<number, { sockets: Set<SyncSocket>; timer: ReturnType<typeof setTimeout> }>();

  const arm = (at: number): ReturnType<typeof setTimeout> =>
    setTimeout(
      () => {
        const entry = due.get(at);
        if (!entry) return;
        if (at - now() > 0) {
          entry.timer = arm(at); // a token living longer than setTimeout's longest delay
          return;
        }
        due.delete(at);
        for (const socket of entry.sockets) expire(socket);
      },
      Math.min(MAX_TIMER_MS, Math.max(0, at - now())),
    );

  function forget(this: SyncSocket): void {
    const at = this.data.tokenExpiresAtMs;
    const entry = due.get(at);
    if (!entry?.sockets.delete(this) || entry.sockets.size > 0) return;
    clearTimeout(entry.timer);
    due.delete(at);
  }

  return {
    watch(socket) {
      const at = socket.data.tokenExpiresAtMs;
      const entry = due.get(at);
      if (entry) entry.sockets.add(socket);
      else due.set(at, { sockets: new Set([socket]), timer: arm(at) });
      socket.on('disconnect', forget);
    },
  };
}
