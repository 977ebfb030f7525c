import type { SyncSocket } from './socket-types';

/** What this reads of engine.io's connection, its transport and the WebSocket's TCP socket; none is in their public types. */
type EngineConnection = {
  readyState: string;
  transport?: { writable: boolean; socket?: { _socket?: { cork(): void; uncork(): void } } };
  flush(): void;
};

/**
 * [SQ2] Runs `work` (a push and its acknowledgement) with the socket's output held, then writes everything it queued in
 * one TCP write. A push sends its pusher two packets, the `changes` of its own room and the acknowledgement; engine.io
 * writes the first at once and the second only after the first write's callback, so each push cost two socket writes
 * (two `writev`s, two rounds of engine.io's flush, and two reads on the client). Held, both leave in one flush, and the
 * TCP socket is corked around it so its frames go in one `writev`.
 *
 * Holding is engine.io's own back-pressure flag: while `writable` is false it queues packets in order, exactly as when
 * a write is in flight. So nothing is lost or reordered: a socket already waiting on a write is left alone (its queue
 * goes out when that write completes), and the hold is released even when `work` throws.
 */
export async function withCoalescedWrites(socket: SyncSocket, work: () => Promise<void>): Promise<void> {
  const connection = socket.conn as unknown as EngineConnection;
  const transport = connection.transport;
  if (!transport || !transport.writable) return work();
  transport.writable = false;
  try {
    await work();
  } finally {
    // Released while closing too: engine.io closes a connection only once its queue has drained.
    if (connection.transport === transport && connection.readyState !== 'closed') {
      transport.writable = true;
      const tcp = transport.socket?._socket;
      tcp?.cork();
      connection.flush();
      tcp?.uncork();
    }
  }
}
