import { EventEmitter } from 'node:events';
import { TOKEN_EXPIRED_EVENT } from '@tasklane/shared/protocol/handshake';
import type { SyncSocket } from './socket-types';
import { createTokenExpiry } from './token-expiry';

/** What token-expiry touches of a socket.io socket: its data, `emit`, `disconnect` and the `disconnect` event. */
class FakeSocket extends EventEmitter {
  disconnected = false;
  readonly sent: string[] = [];
  constructor(readonly data: { userId: string; tokenExpiresAtMs: number }) {
    super();
  }
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === TOKEN_EXPIRED_EVENT) {
      this.sent.push(event);
      return true;
    }
    return super.emit(event, ...args);
  }
  disconnect(): this {
    if (this.disconnected) return this;
    this.disconnected = true;
    super.emit('disconnect', 'server namespace disconnect');
    return this;
  }
}

describe('token expiry: one timer per expiry instant', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  const socketExpiringAt = (tokenExpiresAtMs: number) => new FakeSocket({ userId: 'u1', tokenExpiresAtMs });

  it('[BX2] sockets whose tokens expire at the same instant share one timer, and each is still closed at its exp', () => {
    const expiry = createTokenExpiry();
    const [a, b, c] = [socketExpiringAt(1_005_000), socketExpiringAt(1_005_000), socketExpiringAt(1_009_000)];
    for (const socket of [a, b, c]) expiry.watch(socket as unknown as SyncSocket);
    expect(jest.getTimerCount()).toBe(2);

    jest.advanceTimersByTime(4_999);
    expect([a, b, c].map((socket) => socket.disconnected)).toEqual([false, false, false]);

    jest.advanceTimersByTime(1);
    expect([a.sent, b.sent, c.sent]).toEqual([[TOKEN_EXPIRED_EVENT], [TOKEN_EXPIRED_EVENT], []]);
    expect([a, b, c].map((socket) => socket.disconnected)).toEqual([true, true, false]);

    jest.advanceTimersByTime(4_000);
    expect(c.sent).toEqual([TOKEN_EXPIRED_EVENT]);
    expect(c.disconnected).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('[BX2] a socket that disconnects first leaves the shared timer to the others; the last one to leave clears it', () => {
    const expiry = createTokenExpiry();
    const [a, b] = [socketExpiringAt(1_005_000), socketExpiringAt(1_005_000)];
    for (const socket of [a, b]) expiry.watch(socket as unknown as SyncSocket);

    a.disconnect();
    jest.advanceTimersByTime(5_000);
    expect(a.sent).toEqual([]);
    expect(b.sent).toEqual([TOKEN_EXPIRED_EVENT]);

    const late = socketExpiringAt(1_020_000);
    expiry.watch(late as unknown as SyncSocket);
    expect(jest.getTimerCount()).toBe(1);
    late.disconnect();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('[BX2] a token living longer than the longest timer delay is closed at its exp, not early', () => {
    const expiry = createTokenExpiry();
    const farAway = 1_000_000 + 2 ** 31 + 5_000;
    const socket = socketExpiringAt(farAway);
    expiry.watch(socket as unknown as SyncSocket);
    jest.advanceTimersByTime(2 ** 31 - 1);
    expect(socket.disconnected).toBe(false);
    jest.advanceTimersByTime(5_001);
    expect(socket.disconnected).toBe(true);
  });
});
