import http from 'node:http';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';

const REFUSED = '400 origin not allowed';

/**
 * A raw WebSocket upgrade to engine.io with exactly the headers a browser or proxy sends: 101 when accepted,
 * else engine.io's status and reason.
 */
function upgradeStatus(server: TestServer, headers: Record<string, string>): Promise<number | string> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${server.url}/socket.io/?EIO=4&transport=websocket`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    request.once('upgrade', (_response, socket) => {
      socket.destroy();
      resolve(101);
    });
    request.once('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(`${response.statusCode} ${body}`));
    });
    request.once('error', reject);
    request.end();
  });
}

describe('origin behind a proxy', () => {
  let direct: TestServer;
  let proxied: TestServer;
  beforeAll(async () => {
    direct = await startTestServer();
    proxied = await startTestServer({ http: { trustProxyHops: 1, production: true } });
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
  });

  it('[PX1] a browser socket is same-origin when its Origin matches the Host it addressed, port included', async () => {
    expect(await upgradeStatus(direct, { host: 'localhost:8080', origin: 'http://localhost:8080' })).toBe(101);
    expect(await upgradeStatus(direct, { host: 'Tasklane.TEST:8080', origin: 'http://tasklane.test:8080' })).toBe(101);
    expect(await upgradeStatus(direct, { host: 'tasklane.test', origin: 'http://tasklane.test:80' })).toBe(101);
    // What nginx's `Host $host` did: the port is gone, so the browser's origin no longer matches.
    expect(await upgradeStatus(direct, { host: 'localhost', origin: 'http://localhost:8080' })).toBe(REFUSED);
    expect(await upgradeStatus(direct, { host: 'localhost:8080', origin: 'http://evil.example:8080' })).toBe(REFUSED);
    expect(await upgradeStatus(direct, { host: 'localhost:8080', origin: 'https://localhost:8080' })).toBe(REFUSED);
    expect(await upgradeStatus(direct, { host: 'localhost:8080', origin: 'null' })).toBe(REFUSED);
    expect(await upgradeStatus(direct, { host: 'localhost:8080' })).toBe(101); // native clients send no Origin
  });

  it('[PX1] X-Forwarded-Host and X-Forwarded-Proto count only when TRUST_PROXY is at least 1', async () => {
    const forwarded = { host: 'tasklane:3000', 'x-forwarded-host': 'tasks.example.org', 'x-forwarded-proto': 'https' };
    expect(await upgradeStatus(proxied, { ...forwarded, origin: 'https://tasks.example.org' })).toBe(101);
    expect(await upgradeStatus(proxied, { ...forwarded, origin: 'http://tasks.example.org' })).toBe(REFUSED);
    expect(await upgradeStatus(direct, { ...forwarded, origin: 'https://tasks.example.org' })).toBe(REFUSED);
    expect(await upgradeStatus(direct, { ...forwarded, origin: 'http://tasklane:3000' })).toBe(101);
    // A list from several proxies: the first (outermost) value is the one the browser addressed, as express reads it.
    expect(
      await upgradeStatus(proxied, {
        host: 'tasklane:3000',
        'x-forwarded-host': 'tasks.example.org, nginx:80',
        'x-forwarded-proto': 'https, http',
        origin: 'https://tasks.example.org',
      }),
    ).toBe(101);
  });

  it('[PX1] CORS judges the origin the same way: a same-origin request behind the proxy needs no CORS headers, another origin gets none', async () => {
    const sameOrigin = await fetch(`${proxied.url}/api/tasks`, {
      headers: { origin: 'https://tasks.example.org', 'x-forwarded-host': 'tasks.example.org', 'x-forwarded-proto': 'https' },
    });
    expect(sameOrigin.status).toBe(401);
    expect(sameOrigin.headers.get('access-control-allow-origin')).toBeNull();
    const listed = await startTestServer({ http: { allowedOrigins: ['https://App.example.com:443'] } });
    try {
      const response = await fetch(`${listed.url}/api/tasks`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com' } });
      expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(await upgradeStatus(listed, { host: 'localhost:1', origin: 'https://app.example.com' })).toBe(101);
    } finally {
      await listed.close();
    }
  });

  it('[PX5] production sends upgrade-insecure-requests only when the page came over HTTPS (a trusted X-Forwarded-Proto)', async () => {
    const csp = async (server: TestServer, headers: Record<string, string>) =>
      (await fetch(`${server.url}/`, { headers })).headers.get('content-security-policy') ?? '';
    expect(await csp(proxied, {})).not.toContain('upgrade-insecure-requests');
    expect(await csp(proxied, { 'x-forwarded-proto': 'http' })).not.toContain('upgrade-insecure-requests');
    expect(await csp(proxied, { 'x-forwarded-proto': 'https' })).toContain('upgrade-insecure-requests');
    expect(await csp(proxied, { 'x-forwarded-proto': 'https' })).toContain("default-src 'self'");
    const untrusting = await startTestServer({ http: { production: true } });
    try {
      expect(await csp(untrusting, { 'x-forwarded-proto': 'https' })).not.toContain('upgrade-insecure-requests');
      expect(await csp(untrusting, {})).toContain("script-src 'self'");
    } finally {
      await untrusting.close();
    }
    expect(await csp(direct, { 'x-forwarded-proto': 'https' })).not.toContain('upgrade-insecure-requests');
  });
});
