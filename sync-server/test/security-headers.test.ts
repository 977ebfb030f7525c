import { api } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket } from '@tasklane/testkit/sync-socket';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';

describe('security headers and CORS', () => {
  let server: TestServer;
  let production: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ http: { allowedOrigins: ['https://app.example.com'] } });
    production = await startTestServer({ http: { production: true } });
  });
  afterAll(async () => {
    await server.close();
    await production.close();
  });

  it('[SEC1] every response carries a strict CSP and the usual hardening headers', async () => {
    const response = await fetch(`${server.url}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('[SEC2] HSTS is sent in production only', async () => {
    const response = await fetch(`${production.url}/health`);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
  });

  it('[SEC3] CORS answers an allowed origin and stays silent for any other', async () => {
    const allowed = await fetch(`${server.url}/api/tasks`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    const denied = await fetch(`${server.url}/api/tasks`, { headers: { origin: 'https://evil.example.net' } });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    const sameOriginByDefault = await fetch(`${production.url}/api/tasks`, { headers: { origin: 'https://app.example.com' } });
    expect(sameOriginByDefault.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('[H5] a socket from an origin not on the list is refused; the listed one is accepted', async () => {
    const { accessToken } = (
      await api(server.url, 'POST', '/api/auth/register', { body: { email: 'cors@example.com', password: 'long enough secret' } })
    ).body;
    const refused = await new Promise<string>((resolve) => {
      const socket = io(server.url, {
        transports: ['websocket'],
        auth: { token: accessToken, protocolVersion: PROTOCOL_VERSION },
        extraHeaders: { origin: 'https://evil.example.net' },
        reconnection: false,
        forceNew: true,
      });
      socket.once('connect', () => {
        socket.close();
        resolve('connected');
      });
      socket.once('connect_error', () => {
        socket.close();
        resolve('refused');
      });
    });
    expect(refused).toBe('refused');
    const nativeClient = await connectSocket(server.url, accessToken);
    nativeClient.close();
  });

  it("[SEC4] a request id is echoed and carried by the request's log lines", async () => {
    const response = await api(server.url, 'GET', '/api/tasks/missing', { token: 'not-a-token' });
    const requestId = (await fetch(`${server.url}/api/no-such-route`, { headers: { 'x-request-id': 'trace-me-123' } })).headers.get(
      'x-request-id',
    );
    expect(response.headers.get('x-request-id')).toEqual(expect.any(String));
    expect(requestId).toBe('trace-me-123');
    expect(server.logLines.some((line) => line.includes('trace-me-123'))).toBe(true);
  });
});

describe('compression', () => {
  it('[SEC5] responses are gzip-compressed for clients that accept it', async () => {
    const server = await startTestServer();
    try {
      const { accessToken } = (
        await api(server.url, 'POST', '/api/auth/register', { body: { email: 'gzip@example.com', password: 'long enough secret' } })
      ).body;
      for (let i = 0; i < 20; i += 1)
        await api(server.url, 'POST', '/api/tasks', {
          token: accessToken,
          body: { title: `compressible task number ${i}`, description: 'the same words again and again '.repeat(20) },
        });
      const response = await fetch(`${server.url}/api/tasks`, {
        headers: { authorization: `Bearer ${accessToken}`, 'accept-encoding': 'gzip' },
      });
      expect(response.headers.get('content-encoding')).toBe('gzip');
      expect(((await response.json()) as { tasks: unknown[] }).tasks).toHaveLength(20);
    } finally {
      await server.close();
    }
  });
});
