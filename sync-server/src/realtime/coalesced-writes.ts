import type { SyncSocket } from './socket-types';

/** A hold never outlasts this: output to the socket (other devices' changes) is delayed by at most this much. */
export const HOLD_MAX_MS = 25;
/** Held output beyond this is written at once, far below the smallest slow-consumer limit (64 KiB, [AB3]). */
export const HOLD_MAX_BYTES = 16 * 1024;

type EnginePacket = { type: string; data?: unknown };

/** What this reads of engine.io's connection, its transport and the WebSocket's TCP socket; none is in their public types. */
type EngineConnection = {
  readyState: string;
  transport?: { writable: boolean; socket?: { _socket?: { cork(): void; uncork(): void } } };
  flush(): void;
  on(event: 'packetCreate', listener: (packet: EnginePacket) => void): void;
  off(event: 'packetCreate', listener: (packet: EnginePacket) => void): void;
};

/**
 * [SQ2] Runs `work` (a push and its acknowledgement) with the socket's output held, then writes everything it queued in
 * one TCP write. A push sends its pusher two packets, the `changes` of its own room and the acknowledgement; engine.io
 * writes the first at once and the second only after the first write's callback, so each push cost two socket writes
 * (two `writev`s, two rounds of engine.io's flush, and two reads on the client). Held, both leave in one flush, and the
 * TCP socket is corked around it so its frames go in one `writev`.
 *
 * Holding is engine.io's own back-pressure flag: while `writable` is false it queues packets in order, exactly as when
 * a write is in flight, so nothing is lost or reordered. A socket already waiting on a write is left alone (its queue
 * goes out when that write completes). The hold ends early, and the queue goes out as it would have, as soon as
 * engine.io queues anything but a message (a heartbeat ping, whose answer engine.io times from now), the held messages
 * pass `HOLD_MAX_BYTES` (so the slow-consumer guard never counts a held backlog) or `HOLD_MAX_MS` pass (a slow push
 * never delays other devices' changes, nor outlives shutdown's drain); and it is released when `work` throws.
 */
export async function withCoalescedWrites(socket: SyncSocket, work: () => Promise<void>): Promise<void> {
  const connection = socket.conn as unknown as EngineConnection;
  const current = connection.transport;
  if (!current?.writable) return work();
  const transport = current;
  transport.writable = false;
  let heldBytes = 0;
  let held = true;
  function stopHolding(): void {
    held = false;
    clearTimeout(timer);
    connection.off('packetCreate', onPacket);
  }
  // Early: engine.io flushes right after queuing the packet that ended the hold.
  function onPacket(packet: EnginePacket): void {
    heldBytes += typeof packet.data === 'string' ? packet.data.length : HOLD_MAX_BYTES + 1;
    if (packet.type === 'message' && heldBytes <= HOLD_MAX_BYTES) return;
    stopHolding();
    if (connection.transport === transport) transport.writable = true;
  }
  function release(): void {
    if (!held) return;
    stopHolding();
    // Released while closing too: engine.io closes a connection only once its queue has drained.
    if (connection.transport !== transport || connection.readyState === 'closed') return;
    transport.writable = true;
    const tcp = transport.socket?._socket;
    tcp?.cork();
    connection.flush();
    tcp?.uncork();
  }
  const timer = setTimeout(release, HOLD_MAX_MS);
  connection.on('packetCreate', onPacket);
  try {
    await work();
  } finally {
    release();
  }
}
