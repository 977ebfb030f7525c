import net from 'node:net';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '@tasklane/shared/protocol/ack';
import type { PushResponse } from '@tasklane/shared/protocol/push';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

const SOCKETS = 1000;
const USERS = 10;
const CONNECT_BATCH = 100;
/** The bound [O6] promises; Kubernetes' default grace period is 30 s. */
const SHUTDOWN_BOUND_MS = 5000;

/** Like a real client: WebSocket only, reconnection left on. */
function openSocket(url: string, token: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], auth: { token, protocolVersion: PROTOCOL_VERSION }, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/**
 * An authenticated sync socket whose client then stalls: it never answers the server's WebSocket close frame,
 * as a frozen app or a client behind a stuck proxy would. Written by hand because every WebSocket library answers.
 */
function openStalledSocket(url: string, token: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  const connection = net.connect(Number(port), hostname);
  const connect = Buffer.from(`40${JSON.stringify({ token, protocolVersion: PROTOCOL_VERSION })}`);
  // A masked text frame with an all-zero key, so the payload goes as is; socket.io's CONNECT is under 64 KiB.
  const frame = Buffer.concat([Buffer.from([0x81, 0x80 | 126, connect.length >> 8, connect.length & 0xff, 0, 0, 0, 0]), connect]);
  connection.write(
    'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  return new Promise((resolve, reject) => {
    let received = '';
    connection.on('error', reject);
    connection.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('0{"sid"') && !received.includes('40{')) connection.write(frame);
      if (received.includes('40{')) resolve(connection);
    });
  });
}

function push(socket: Socket, task: ReturnType<typeof makeTask>): Promise<Ack<PushResponse>> {
  return new Promise((resolve, reject) => {
    socket
      .timeout(5000)
      .emit('push', { rows: [{ newDocumentState: task }] }, (error: Error | null, ack: Ack<PushResponse>) =>
        error ? reject(error) : resolve(ack),
      );
  });
}

describe('graceful shutdown (real server process)', () => {
  const temp = makeTempDir('shutdown');
  const sockets: Socket[] = [];
  let stalled: net.Socket | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    stalled?.destroy();
    await server?.stop('SIGKILL');
    temp.remove();
  });

  it('[O6] with 1,000 WebSocket clients connected and one that never answers the close frame, SIGTERM exits with code 0 in under 5 s and keeps every acknowledged push', async () => {
    const first = await startServerProcess({
      DATA_DIR: temp.dir,
      RATE_LIMIT_AUTH: '1000',
      RATE_LIMIT_HANDSHAKE: '100000',
      MAX_SOCKETS_PER_USER: '1000',
    });
    server = first;
    const users: RegisteredUser[] = [];
    for (let i = 0; i < USERS; i += 1) users.push(await registerUser(first.url));
    for (let start = 0; start < SOCKETS; start += CONNECT_BATCH) {
      const batch = Array.from({ length: CONNECT_BATCH }, (_, i) => openSocket(first.url, users[(start + i) % USERS]!.accessToken));
      sockets.push(...(await Promise.all(batch)));
    }
    stalled = await openStalledSocket(first.url, users[0]!.accessToken);
    expect(sockets.filter((socket) => socket.connected)).toHaveLength(SOCKETS);

    const acknowledged = makeTask({ title: 'acknowledged before SIGTERM' });
    expect(await push(sockets[0]!, acknowledged)).toEqual({ ok: true, data: { conflicts: [] } });
    // Writes in flight at the signal, all on the first user's sockets: any that is acknowledged must be stored too.
    const inFlight = Array.from({ length: 20 }, (_, i) => makeTask({ title: `in flight ${i}` }));
    const acks = inFlight.map((task, i) => push(sockets[i * USERS]!, task).catch(() => undefined));

    const signalledAt = performance.now();
    first.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([first.stop(), new Promise((resolve) => (timer = setTimeout(() => resolve('still running'), 15_000)))]);
    clearTimeout(timer);
    const elapsedMs = performance.now() - signalledAt;
    process.stdout.write(`[O6] SIGTERM to exit with ${SOCKETS} sockets and 1 stalled: ${Math.round(elapsedMs)} ms\n`);
    expect(code).toBe(0);
    expect(elapsedMs).toBeLessThan(SHUTDOWN_BOUND_MS);
    await waitFor(() => sockets.every((socket) => !socket.connected), 2000, 'every client to see the disconnect');
    const acked = (await Promise.all(acks)).flatMap((ack, i) => (ack?.ok ? [inFlight[i]!] : []));
    process.stdout.write(`[O6] pushes in flight at SIGTERM and acknowledged: ${acked.length} of ${inFlight.length}\n`);
    for (const socket of sockets.splice(0)) socket.close();
    stalled.destroy();

    const second = await startServerProcess({ DATA_DIR: temp.dir });
    server = second;
    try {
      for (const task of [acknowledged, ...acked]) {
        const fetched = await api(second.url, 'GET', `/api/tasks/${task.id}`, { token: users[0]!.accessToken });
        expect(fetched.status).toBe(200);
        expect(fetched.body).toMatchObject({ id: task.id, title: task.title });
      }
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 30_000);
});
