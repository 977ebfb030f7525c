import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import type { SyncSocket } from './socket-types';

type EnginePacket = { data?: unknown };

/** What the guard reads of engine.io's connection and of its WebSocket (ws); neither is in their public types. */
type EngineConnection = {
  readyState: string;
  transport: { socket?: { bufferedAmount?: number; terminate?: () => void } };
  on(event: 'packetCreate', listener: (packet: EnginePacket) => void): void;
  on(event: 'flush', listener: () => void): void;
};

function packetBytes(packet: EnginePacket): number {
  const { data } = packet;
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/**
 * [AB3]: a client that stops reading makes the server buffer everything sent to it. Output waits in two
 * places: engine.io's write buffer (packets queued while the WebSocket is still busy with the previous
 * batch) and the WebSocket's own `bufferedAmount` (bytes its TCP socket has not handed to the kernel).
 * When a message is about to be sent while more than `limitBytes` of earlier output still waits there, the
 * connection is destroyed at once — a close frame would only
 * queue behind the backlog — and counted in `sync_slow_consumer_disconnects_total`. The client
 * reconnects and pulls from its checkpoint ([CH4]), in pages bounded in bytes ([P5]).
 */
export function guardSlowConsumer(
  socket: SyncSocket,
  deps: { limitBytes: number; metrics: Pick<Metrics, 'slowConsumerDisconnects'>; logger: Logger },
): void {
  const connection = socket.conn as unknown as EngineConnection;
  let queuedBytes = 0; // in engine.io's write buffer: handed to the WebSocket, and so reset, on every flush
  let dropped = false;
  connection.on('flush', () => {
    queuedBytes = 0;
  });
  connection.on('packetCreate', (packet) => {
    if (dropped) return;
    const websocket = connection.transport.socket;
    // Earlier output only: one large message (a big push's changes) never trips the limit by itself.
    const bufferedBytes = queuedBytes + (websocket?.bufferedAmount ?? 0);
    queuedBytes += packetBytes(packet);
    if (bufferedBytes <= deps.limitBytes) return;
    dropped = true;
    deps.metrics.slowConsumerDisconnects.inc();
    deps.logger.warn(
      { socketId: socket.id, userId: socket.data.userId, bufferedBytes, limitBytes: deps.limitBytes },
      'socket dropped: its client is not reading what is sent to it',
    );
    if (websocket?.terminate) websocket.terminate();
    else socket.disconnect(true);
  });
}
