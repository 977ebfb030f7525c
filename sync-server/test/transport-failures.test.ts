import { request } from 'node:http';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';

const UPGRADE_PATH = '/socket.io/?EIO=4&transport=websocket';

/** A raw WebSocket upgrade request: the HTTP answer when refused, or 101 when the server switches protocols. */
function rawUpgrade(
  port: number,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: UPGRADE_PATH,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, headers: response.headers, body: '' });
    });
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket with the `ws` library and reports the engine.io open packet, or the HTTP status of the refusal. */
function wsOpen(url: string, options: WebSocket.ClientOptions): Promise<{ opened: string } | { refused: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('message', (data: Buffer) => {
      socket.close();
      resolve({ opened: data.toString() });
    });
    socket.once('unexpected-response', (_req, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ refused: response.statusCode ?? 0, body }));
      socket.on('error', () => undefined);
    });
    socket.once('error', reject);
  });
}

describe('transport-level failures (real server on port 0)', () => {
  let server: TestServer;
  let alice: RegisteredUser;
  beforeAll(async () => {
    server = await startTestServer({ http: { allowedOrigins: ['https://app.example.com'] } });
    alice = await registerUser(server.url);
  });
  afterAll(async () => {
    await server.close();
  });

  it("[TX1] long-polling gets HTTP 400 with engine.io's own JSON body, and socket.io-client a connect_error without data", async () => {
    for (const path of ['/socket.io/?EIO=4&transport=polling', '/socket.io/']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ code: 0, message: 'Transport unknown' });
    }
    const error = await new Promise<Error & { data?: unknown }>((resolve, reject) => {
      const socket = io(server.url, {
        transports: ['polling'],
        auth: { token: alice.accessToken, protocolVersion: PROTOCOL_VERSION },
        reconnection: false,
        forceNew: true,
      });
      socket.once('connect', () => reject(new Error('a long-polling client connected')));
      socket.once('connect_error', (refused: Error & { data?: unknown }) => {
        socket.close();
        resolve(refused);
      });
    });
    expect(error.message).toBe('xhr poll error');
    expect(error.data).toBeUndefined();
  });

  it('[TX2] a foreign Origin is refused at the upgrade with HTTP 400 "origin not allowed", not a connect_error body', async () => {
    const refused = await rawUpgrade(server.port, { origin: 'https://evil.example' });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toBe('text/html');
    expect(refused.body).toBe('origin not allowed');

    const listed = await rawUpgrade(server.port, { origin: 'https://app.example.com' });
    expect(listed.status).toBe(101);

    const error = await new Promise<Error & { data?: unknown }>((resolve, reject) => {
      const socket = io(server.url, {
        transports: ['websocket'],
        auth: { token: alice.accessToken, protocolVersion: PROTOCOL_VERSION },
        extraHeaders: { origin: 'https://evil.example' },
        reconnection: false,
        forceNew: true,
      });
      socket.once('connect', () => reject(new Error('a foreign origin connected')));
      socket.once('connect_error', (refusal: Error & { data?: unknown }) => {
        socket.close();
        resolve(refusal);
      });
    });
    expect(error.message).toBe('websocket error');
    expect(error.data).toBeUndefined();
  });

  it("[TX3] a WebSocket library is judged by the Origin it sends: none and the server's own are accepted, another is refused", async () => {
    const url = `ws://127.0.0.1:${server.port}${UPGRADE_PATH}`;
    const none = await wsOpen(url, {});
    expect(none).toEqual({ opened: expect.stringMatching(/^0\{"sid":/) });
    // Like Python's websocket-client, which sends http://<host> of the URL by default.
    const ownOrigin = await wsOpen(url, { origin: `http://127.0.0.1:${server.port}` });
    expect(ownOrigin).toEqual({ opened: expect.stringMatching(/^0\{"sid":/) });
    const otherPort = await wsOpen(url, { origin: `http://127.0.0.1:${server.port + 1}` });
    expect(otherPort).toEqual({ refused: 400, body: 'origin not allowed' });
    const otherScheme = await wsOpen(url, { origin: `https://127.0.0.1:${server.port}` });
    expect(otherScheme).toEqual({ refused: 400, body: 'origin not allowed' });
  });
});
