import net from 'node:net';
import { TASK_LIMITS } from '@tasklane/shared/domain/task-fields';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { registerUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { DEFAULT_SOCKET_LIMITS } from '../src/realtime/socket-limits';

const BUFFER_LIMIT = 256 * 1024;
/** Enough output to fill the kernel's socket buffers on both ends and then the limit, many times over. */
const MAX_PUSHES = 80;

/**
 * A sync client written by hand on a raw TCP socket: it completes the WebSocket upgrade and socket.io's
 * CONNECT, then stops reading, as a frozen app or a client on a stalled link would.
 */
function openClientThatStopsReading(url: string, token: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  const connection = net.connect(Number(port), hostname);
  const connect = Buffer.from(`40${JSON.stringify({ token, protocolVersion: PROTOCOL_VERSION })}`);
  // A masked text frame with an all-zero key, so the payload goes as is; socket.io's CONNECT is under 64 KiB.
  const frame = Buffer.concat([Buffer.from([0x81, 0x80 | 126, connect.length >> 8, connect.length & 0xff, 0, 0, 0, 0]), connect]);
  connection.write(
    `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  return new Promise((resolve, reject) => {
    let received = '';
    connection.on('error', reject);
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('0{"sid"') && !received.includes('40{')) connection.write(frame);
      if (received.includes('40{')) {
        connection.off('data', onData);
        connection.pause();
        resolve(connection);
      }
    };
    connection.on('data', onData);
  });
}

async function counter(server: TestServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.metricsUrl}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}

describe('slow consumers [AB3]', () => {
  let server: TestServer;
  let writer: TestSocket;
  let stalled: net.Socket | undefined;
  afterAll(async () => {
    writer?.close();
    stalled?.destroy();
    await server?.close();
  });

  it("[AB3] a socket that stops reading while changes are broadcast to it is dropped past SOCKET_BUFFER_LIMIT and counted; the user's other sockets carry on", async () => {
    server = await startTestServer({ socketLimits: { ...DEFAULT_SOCKET_LIMITS, bufferLimitBytes: BUFFER_LIMIT } });
    const user = await registerUser(server.url);
    writer = await connectSocket(server.url, user.accessToken);
    stalled = await openClientThatStopsReading(server.url, user.accessToken);
    expect(await counter(server, 'sync_slow_consumer_disconnects_total')).toBe(0);
    expect(await counter(server, 'sync_connected_sockets')).toBe(2);

    const description = 'x'.repeat(TASK_LIMITS.descriptionMaxLength);
    let pushes = 0;
    while ((await counter(server, 'sync_slow_consumer_disconnects_total')) === 0) {
      if (pushes === MAX_PUSHES) throw new Error(`the stalled socket was never dropped after ${pushes} pushes`);
      // 20 rows of 10,000 characters: each broadcast is below the limit, so only a backlog can pass it.
      const rows = Array.from({ length: 20 }, () => ({ newDocumentState: makeTask({ description }) }));
      const ack = await writer.push({ rows });
      expect(ack.ok).toBe(true);
      pushes += 1;
    }
    await waitFor(async () => (await counter(server, 'sync_connected_sockets')) === 1, 5000, 'the stalled socket to be gone');
    expect(server.logLines.some((line) => line.includes('socket dropped: its client is not reading'))).toBe(true);

    const changesBefore = writer.changes.length;
    expect((await writer.push({ rows: [{ newDocumentState: makeTask({ title: 'after the drop' }) }] })).ok).toBe(true);
    await waitFor(() => writer.changes.length > changesBefore, 2000, 'changes on the reading socket');
    expect(writer.socket.connected).toBe(true);
    expect(await counter(server, 'sync_slow_consumer_disconnects_total')).toBe(1);
  }, 60_000);
});
