import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import type { SyncSocket } from './socket-types';

type EnginePacket = { data?: unknown };

type GuardDeps = { limitBytes: number; metrics: Pick<Metrics, 'slowConsumerDisconnects'>; logger: Logger };

/** What the guard keeps per connection. */
type GuardState = { socket: SyncSocket; queuedBytes: number; dropped: boolean };

const STATE = Symbol('slowConsumerGuard');

/** What the guard reads of engine.io's connection and of its WebSocket (ws); neither is in their public types. */
type EngineConnection = {
  readyState: string;
  transport: { socket?: { bufferedAmount?: number; terminate?: () => void } };
  on(event: 'packetCreate', listener: (this: EngineConnection, packet: EnginePacket) => void): void;
  on(event: 'flush', listener: (this: EngineConnection) => void): void;
  [STATE]?: GuardState;
};

/**
 * A broadcast hands the same encoded string to every socket of the room, so its byte length is counted once,
 * not once per socket (equal strings have equal lengths, so the cache can never be wrong).
 */
function createByteCounter(): (packet: EnginePacket) => number {
  let lastText: string | undefined;
  let lastBytes = 0;
  return ({ data }) => {
    if (typeof data === 'string') {
      if (data !== lastText) {
        lastText = data;
        lastBytes = Buffer.byteLength(data);
      }
      return lastBytes;
    }
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
    return 0;
  };
}

/**
 * [AB3]: a client that stops reading makes the server buffer everything sent to it. Output waits in two
 * places: engine.io's write buffer (packets queued while the WebSocket is still busy with the previous
 * batch) and the WebSocket's own `bufferedAmount` (bytes its TCP socket has not handed to the kernel).
 * When a message is about to be sent while more than `limitBytes` of earlier output still waits there, the
 * connection is destroyed at once — a close frame would only
 * queue behind the backlog — and counted in `sync_slow_consumer_disconnects_total`. The client
 * reconnects and pulls from its checkpoint ([CH4]), in pages bounded in bytes ([P5]).
 *
 * The listeners are made once and shared by every connection (engine.io calls them with the connection as
 * `this`); a connection holds only its small state.
 */
export function createSlowConsumerGuard(deps: GuardDeps): (socket: SyncSocket) => void {
  const packetBytes = createByteCounter();

  function onFlush(this: EngineConnection): void {
    // engine.io's write buffer was handed to the WebSocket
    this[STATE]!.queuedBytes = 0;
  }

  function onPacketCreate(this: EngineConnection, packet: EnginePacket): void {
    const state = this[STATE]!;
    if (state.dropped) return;
    const websocket = this.transport.socket;
    // Earlier output only: one large message (a big push's changes) never trips the limit by itself.
    const bufferedBytes = state.queuedBytes + (websocket?.bufferedAmount ?? 0);
    state.queuedBytes += packetBytes(packet);
    if (bufferedBytes <= deps.limitBytes) return;
    state.dropped = true;
    deps.metrics.slowConsumerDisconnects.inc();
    deps.logger.warn(
      { socketId: state.socket.id, userId: state.socket.data.userId, bufferedBytes, limitBytes: deps.limitBytes },
      'socket dropped: its client is not reading what is sent to it',
    );
    if (websocket?.terminate) websocket.terminate();
    else state.socket.disconnect(true);
  }

  return (socket) => {
    const connection = socket.conn as unknown as EngineConnection;
    connection[STATE] = { socket, queuedBytes: 0, dropped: false };
    connection.on('flush', onFlush);
    connection.on('packetCreate', onPacketCreate);
  };
}
