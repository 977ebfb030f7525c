import { Socket as TcpSocket } from 'node:net';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { registerUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import type { Store } from '../store/store';
import { createEmbeddedStore } from '../store/sqlite/embedded-store';
import { DEFAULT_SOCKET_LIMITS } from './socket-limits';
import { HOLD_MAX_BYTES, HOLD_MAX_MS } from './coalesced-writes';

/** What arrived on a bare WebSocket, message by message. */
type Received = { text: string };

type WriteHooks = Pick<TcpSocket, '_write' | '_writev'>;

/**
 * Counts the writes the server hands its TCP sockets, per client port: each call of a socket's `_write` or `_writev`
 * is one write request to the kernel (a corked socket hands over everything it holds in one `_writev`).
 */
function countServerWrites(serverPort: number) {
  const prototype = TcpSocket.prototype as unknown as WriteHooks;
  const original = { _write: prototype._write, _writev: prototype._writev };
  const writes = new Map<number, number>();
  const counted = <K extends keyof WriteHooks>(name: K): WriteHooks[K] =>
    function (this: TcpSocket, ...args: unknown[]) {
      if (this.localPort === serverPort && this.remotePort !== undefined)
        writes.set(this.remotePort, (writes.get(this.remotePort) ?? 0) + 1);
      return (original[name] as (...a: unknown[]) => void).apply(this, args);
    };
  prototype._write = counted('_write');
  prototype._writev = counted('_writev');
  return {
    to: (clientPort: number) => writes.get(clientPort) ?? 0,
    restore: () => Object.assign(prototype, original),
  };
}

/** A client speaking socket.io's wire format by hand, so the test sees each frame and each TCP read of the pusher. */
async function rawDevice(url: string, token: string) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const received: Received[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (raw) => {
      const text = (raw as Buffer).toString();
      if (text === '2') return ws.send('3');
      if (text.startsWith('0')) return ws.send(`40${JSON.stringify({ token, protocolVersion: PROTOCOL_VERSION })}`);
      if (text.startsWith('40')) return resolve();
      received.push({ text });
    });
    ws.once('error', reject);
  });
  let nextAck = 0;
  return {
    received,
    port: (ws as unknown as { _socket: TcpSocket })._socket.localPort!,
    /** Sends a push with an acknowledgement id and returns the id. */
    push(rows: unknown[]): number {
      nextAck += 1;
      ws.send(`42${nextAck}${JSON.stringify(['push', { rows }])}`);
      return nextAck;
    },
    ackOf: (id: number) => received.find((message) => message.text.startsWith(`43${id}[`)),
    changesWith: (taskId: string) => received.find((message) => message.text.startsWith('42["changes"') && message.text.includes(taskId)),
    close: () => ws.close(),
  };
}

/** [SQ2] A push's own `changes` and its acknowledgement leave the server in one write. */
describe('push: one write for the pusher', () => {
  let server: TestServer;
  let token: string;
  let writes: ReturnType<typeof countServerWrites>;
  beforeAll(async () => {
    server = await startTestServer();
    token = (await registerUser(server.url)).accessToken;
    writes = countServerWrites(server.port);
  });
  afterAll(async () => {
    writes.restore();
    await server.close();
  });

  it('[SQ2] the pusher gets its changes, then its acknowledgement, in one write of the server; another device of the user gets the changes', async () => {
    const pusher = await rawDevice(server.url, token);
    const other = await connectSocket(server.url, token);
    try {
      for (let i = 0; i < 5; i += 1) {
        const task = makeTask({ title: `one write ${i}` });
        const before = writes.to(pusher.port);
        const ack = pusher.push([{ newDocumentState: task }]);
        await waitFor(() => pusher.ackOf(ack) !== undefined);
        expect(writes.to(pusher.port) - before).toBe(1);
        const changes = pusher.changesWith(task.id);
        const acknowledgement = pusher.ackOf(ack)!;
        expect(JSON.parse(acknowledgement.text.slice(`43${ack}`.length))).toEqual([{ ok: true, data: { conflicts: [] } }]);
        expect(changes).toBeDefined();
        expect(pusher.received.indexOf(changes!)).toBeLessThan(pusher.received.indexOf(acknowledgement));
        await waitFor(() => other.changes.some((event) => event.documents.some((document) => document.id === task.id)));
      }
    } finally {
      pusher.close();
      other.close();
    }
  });

  it('[SQ2] pushes sent together on one socket are each answered after their changes, and the socket keeps answering', async () => {
    const pusher = await rawDevice(server.url, token);
    try {
      const tasks = Array.from({ length: 8 }, (_, i) => makeTask({ title: `together ${i}` }));
      const acks = tasks.map((task) => pusher.push([{ newDocumentState: task }]));
      await waitFor(() => acks.every((ack) => pusher.ackOf(ack) !== undefined));
      tasks.forEach((task, i) => {
        const changes = pusher.changesWith(task.id);
        expect(changes).toBeDefined();
        expect(pusher.received.indexOf(changes!)).toBeLessThan(pusher.received.indexOf(pusher.ackOf(acks[i]!)!));
      });
      const later = makeTask({ title: 'after the burst' });
      const ack = pusher.push([{ newDocumentState: later }]);
      await waitFor(() => pusher.ackOf(ack) !== undefined && pusher.changesWith(later.id) !== undefined);
    } finally {
      pusher.close();
    }
  });

  it('[SQ2] a refused push is answered with its error, and the next push on the socket is answered too', async () => {
    const pusher = await rawDevice(server.url, token);
    try {
      const refused = pusher.push([{ newDocumentState: { id: 'not a task' } }]);
      await waitFor(() => pusher.ackOf(refused) !== undefined);
      expect(pusher.ackOf(refused)!.text).toContain('"ok":false');
      expect(pusher.ackOf(refused)!.text).toContain('INVALID_MESSAGE');
      const task = makeTask({ title: 'after a refusal' });
      const ack = pusher.push([{ newDocumentState: task }]);
      await waitFor(() => pusher.ackOf(ack) !== undefined);
      expect(pusher.ackOf(ack)!.text).toContain('"ok":true');
      expect(pusher.changesWith(task.id)).toBeDefined();
    } finally {
      pusher.close();
    }
  });
});

/** A store whose push of a task titled `slow` takes `delayMs` longer, as under a busy disk or a shared file's lock. */
function slowStore(store: Store, delayMs: number): Store {
  return {
    ...store,
    async applyPush(userId, rows) {
      if (rows.some((row) => row.newDocumentState.title === 'slow')) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return store.applyPush(userId, rows);
    },
  };
}

/** [SQ2] The hold is bounded: by time, by bytes, and by anything engine.io sends that is not a message. */
describe('push: the hold on the pusher is bounded', () => {
  const temp = makeTempDir('coalesced-bounds');
  let server: TestServer;
  let token: string;
  const SLOW_MS = 20 * HOLD_MAX_MS;
  beforeAll(async () => {
    server = await startTestServer({
      store: slowStore(createEmbeddedStore({ dataDir: temp.dir }), SLOW_MS),
      // the smallest limit an operator may set ([AB3]): a held backlog must never be what trips it
      socketLimits: { ...DEFAULT_SOCKET_LIMITS, bufferLimitBytes: 64 * 1024 },
    });
    token = (await registerUser(server.url)).accessToken;
  });
  afterAll(async () => {
    await server.close();
    temp.remove();
  });

  it("[SQ2] during a slow push, another device's changes reach the pusher long before its own acknowledgement", async () => {
    const pusher = await rawDevice(server.url, token);
    const other = await connectSocket(server.url, token);
    try {
      const slow = makeTask({ title: 'slow' });
      const ack = pusher.push([{ newDocumentState: slow }]);
      const fromOther = makeTask({ title: 'from the other device' });
      expect(await other.push({ rows: [{ newDocumentState: fromOther }] })).toEqual({ ok: true, data: { conflicts: [] } });
      await waitFor(() => pusher.changesWith(fromOther.id) !== undefined, SLOW_MS / 2);
      expect(pusher.ackOf(ack)).toBeUndefined();
      await waitFor(() => pusher.ackOf(ack) !== undefined, 10 * SLOW_MS);
      expect(pusher.ackOf(ack)!.text).toContain('"ok":true');
    } finally {
      pusher.close();
      other.close();
    }
  });

  it('[SQ2] a push whose own changes pass the byte bound is written at once, and a 64 KiB slow-consumer limit does not drop its pusher', async () => {
    const pusher = await rawDevice(server.url, token);
    try {
      // about 6 × HOLD_MAX_BYTES of changes for the pusher itself, more than the slow-consumer limit
      const big = Array.from({ length: 12 }, (_, i) => makeTask({ title: `big ${i}`, description: 'x'.repeat(HOLD_MAX_BYTES / 2) }));
      const ack = pusher.push(big.map((task) => ({ newDocumentState: task })));
      await waitFor(() => pusher.ackOf(ack) !== undefined);
      expect(pusher.ackOf(ack)!.text).toBe(`43${ack}[{"ok":true,"data":{"conflicts":[]}}]`);
      for (const task of big) expect(pusher.changesWith(task.id)).toBeDefined();
      const after = makeTask({ title: 'still connected' });
      const next = pusher.push([{ newDocumentState: after }]);
      await waitFor(() => pusher.ackOf(next) !== undefined);
    } finally {
      pusher.close();
    }
  });
});
