import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { createCapturingLogger } from '@tasklane/testkit/test-logger';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { createTokenIssuer } from '../auth/token-issuer';
import { createMetrics } from '../metrics/metrics';
import { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter';
import type { SyncService } from '../sync/sync-service';
import { createSocketServer } from './create-socket-server';
import { createSessionRooms } from './session-rooms';
import { DEFAULT_SOCKET_LIMITS } from './socket-limits';
import { userRoom, type SyncServer } from './socket-types';

const tokens = createTokenIssuer({
  accessSecret: 'a'.repeat(40),
  refreshSecret: 'r'.repeat(40),
  accessTtlSeconds: 900,
  refreshTtlSeconds: 3600,
});
const unused = () => Promise.reject(new Error('not used in this test'));
const sync: SyncService = { pull: unused, pullLists: unused, push: unused, pushLists: unused };

/** The socket.io server as server.ts builds it (handshake, limits, rooms, handlers), on a real port, over no store. */
async function startSockets(maxSocketsPerUser = DEFAULT_SOCKET_LIMITS.maxSocketsPerUser) {
  const { logger } = createCapturingLogger();
  const metrics = createMetrics();
  const limiter = () => createMemoryRateLimiter({ name: 'test', limit: 1_000_000, windowMs: 60_000 });
  const sockets = createSocketServer({
    tokens,
    checkSession: () => Promise.resolve(),
    logger,
    allowedOrigins: [],
    trustProxyHops: 0,
    isShuttingDown: () => false,
    limits: { ...DEFAULT_SOCKET_LIMITS, maxSocketsPerUser },
    handshakeLimiter: limiter(),
    upgradeLimiter: limiter(),
    metrics,
  });
  sockets.attach({ sync, logger, metrics, limiter: limiter() });
  createSessionRooms(sockets.io);
  const server = http.createServer();
  sockets.listen(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    io: sockets.io,
    notifier: sockets.notifier,
    async close() {
      await sockets.io.close(); // also closes the HTTP server
    },
  };
}

const roomsOf = (io: SyncServer, socketId: string) => [...(io.of('/').adapter.sids.get(socketId) ?? [])].sort();

describe('socket rooms and handshake state (real socket.io server and clients)', () => {
  let server: Awaited<ReturnType<typeof startSockets>>;
  const open: TestSocket[] = [];
  afterEach(async () => {
    for (const socket of open.splice(0)) socket.close();
    await server?.close();
  });

  it("[BX1] a socket is in three rooms only: its own, its user's (counted for the limit and where changes go) and its sign-in's", async () => {
    server = await startSockets(2);
    const [userId, sessionId] = [randomUUID(), randomUUID()];
    const token = tokens.issueAccess(userId, sessionId);
    open.push(await connectSocket(server.url, token), await connectSocket(server.url, token));
    await expect(connectSocket(server.url, token)).rejects.toMatchObject({ message: 'TOO_MANY_SOCKETS' });

    const serverSockets = await server.io.fetchSockets();
    expect(serverSockets).toHaveLength(2);
    for (const socket of serverSockets) {
      expect(roomsOf(server.io, socket.id)).toEqual([socket.id, `session:${sessionId}`, userRoom(userId)].sort());
    }

    const task = { ...makeTask({ title: 'to every socket of the user' }), seq: 1 };
    server.notifier.publish(userId, { collection: 'tasks', documents: [task], checkpoint: { seq: 1, generation: 'g' }, previous: null });
    await waitFor(() => open.every((socket) => socket.changes.length === 1), 5000, 'changes on both sockets');
    expect(open.map((socket) => socket.changes[0]!.documents[0]!.id)).toEqual([task.id, task.id]);

    open.shift()!.close();
    await waitFor(async () => (await server.io.fetchSockets()).length === 1, 5000, 'the closed socket to leave');
    open.push(await connectSocket(server.url, token)); // its slot is free again
  });

  it('[BX3] the access token is not kept after the handshake: not in the socket, not in what other instances are sent', async () => {
    server = await startSockets();
    const token = tokens.issueAccess(randomUUID(), randomUUID());
    open.push(await connectSocket(server.url, token));
    const [socket] = await server.io.fetchSockets();
    expect(socket!.handshake.auth).toEqual({});
    expect(JSON.stringify({ handshake: socket!.handshake, data: socket!.data })).not.toContain(token.split('.')[2]!);
  });
});
