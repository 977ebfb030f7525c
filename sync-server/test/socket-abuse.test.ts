import WebSocket from 'ws';
import type { ErrorBody } from '@tasklane/shared/protocol/error-body';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { registerUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { SOCKET_JSON_MAX_DEPTH, SOCKET_JSON_MAX_STRUCTURE } from '../src/realtime/bounded-socket-parser';
import { DEFAULT_SOCKET_LIMITS } from '../src/realtime/socket-limits';

const UPGRADE_URL = (url: string) => `${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;

type Bare = { ws: WebSocket; opened: Promise<string>; closed: Promise<number>; refusal: Promise<{ status: number; body: string }> };

/** A raw engine.io connection that never sends a socket.io handshake (or is refused at the upgrade). */
function bareConnection(url: string): Bare {
  const ws = new WebSocket(UPGRADE_URL(url));
  const opened = new Promise<string>((resolve) => ws.once('message', (data: Buffer) => resolve(data.toString())));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const refusal = new Promise<{ status: number; body: string }>((resolve) => {
    ws.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
  });
  ws.on('error', () => undefined);
  return { ws, opened, closed, refusal };
}

/** A connected raw socket.io client: sends one text frame, collects what comes back until the server closes. */
async function rawSocket(url: string, token: string): Promise<{ ws: WebSocket; received: string[]; closed: Promise<number> }> {
  const ws = new WebSocket(UPGRADE_URL(url), { maxPayload: 64 * 1024 * 1024 });
  const received: string[] = [];
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('0')) ws.send(`40${JSON.stringify({ token, protocolVersion: PROTOCOL_VERSION })}`);
      else if (text.startsWith('40')) resolve();
      else if (text.startsWith('44')) reject(new Error(text));
      else received.push(text);
    });
  });
  return { ws, received, closed };
}

describe('abuse of the socket transport (in-process)', () => {
  const servers: TestServer[] = [];
  const sockets: TestSocket[] = [];
  const bare: WebSocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const ws of bare.splice(0)) ws.terminate();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('[AX1] connections that never send a handshake are closed after the connect timeout, and upgrades per address are limited before any handshake', async () => {
    const handshakesPerMinute = 3;
    const server = await startTestServer({ socketLimits: { ...DEFAULT_SOCKET_LIMITS, handshakesPerMinute, connectTimeoutMs: 300 } });
    servers.push(server);
    const admitted = Array.from({ length: 2 * handshakesPerMinute }, () => bareConnection(server.url));
    bare.push(...admitted.map((connection) => connection.ws));
    for (const connection of admitted) expect((await connection.opened).startsWith('0{')).toBe(true); // engine.io's open packet
    const refused = bareConnection(server.url);
    bare.push(refused.ws);
    expect(await refused.refusal).toEqual({ status: 400, body: 'RATE_LIMITED' });
    // Not one of them sent a socket.io handshake: the server closes them all without waiting for the client.
    for (const connection of admitted) expect(await connection.closed).toBeGreaterThan(0);
    const metrics = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/rate_limited_total\{limit="transport"\} 1/);
  });

  it('[AX2] an INVALID_MESSAGE answer never quotes unbounded input: 20,000 unknown keys give a short message, over the socket and REST', async () => {
    const server = await startTestServer();
    servers.push(server);
    const user = await registerUser(server.url);
    const socket = await connectSocket(server.url, user.accessToken);
    sockets.push(socket);
    const junk = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`unknown${i}`, 0]));

    const pushed = await socket.push({ rows: [{ newDocumentState: makeTask() }], ...junk });
    expect(pushed).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE' } });
    const socketMessage = (pushed as { error: ErrorBody }).error.message;
    expect(socketMessage).toMatch(/^invalid push: \(root\): Unrecognized keys: "unknown0"/);
    expect(socketMessage.length).toBeLessThan(1100);

    const response = await fetch(`${server.url}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.accessToken}` },
      body: JSON.stringify({ title: 'x', ...junk }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: ErrorBody };
    expect(body.error.code).toBe('INVALID_MESSAGE');
    expect(body.error.message.length).toBeLessThan(1100);
    expect(await server.store.pullChanges(user.id, 0, 10)).toEqual([]);
  });

  it('[AX3] a socket message nested too deep or holding too many JSON values closes the connection unparsed; a maximal push still passes', async () => {
    const server = await startTestServer();
    servers.push(server);
    const user = await registerUser(server.url);

    const deep = await rawSocket(server.url, user.accessToken);
    bare.push(deep.ws);
    const depth = SOCKET_JSON_MAX_DEPTH; // with the event array itself, one level too deep
    deep.ws.send(`421["pull",${'['.repeat(depth)}${']'.repeat(depth)}]`);
    expect(await deep.closed).toBeGreaterThan(0);
    expect(deep.received).toEqual([]);

    const wide = await rawSocket(server.url, user.accessToken);
    bare.push(wide.ws);
    wide.ws.send(`422["push",{"rows":[${Array.from({ length: SOCKET_JSON_MAX_STRUCTURE }, () => '0').join(',')}]}]`);
    expect(await wide.closed).toBeGreaterThan(0);
    expect(wide.received).toEqual([]);

    // Brackets, commas and colons inside strings are text, not structure (the push is ~4 MB, under [AB4]).
    const socket = await connectSocket(server.url, user.accessToken);
    sockets.push(socket);
    const tags = Array.from({ length: 20 }, (_, i) => `[{,:"\\${i}`);
    const rows = Array.from({ length: 500 }, () => {
      const task = makeTask({ tags, title: '['.repeat(500), description: '{'.repeat(3000) });
      return { newDocumentState: task, assumedMasterState: { ...task, seq: 1 } };
    });
    expect(await socket.push({ rows })).toEqual({ ok: true, data: { conflicts: [] } });
    await waitFor(async () => (await server.store.pullChanges(user.id, 0, 1000)).length === 500, 5000, 'the maximal push stored');
  });
});
