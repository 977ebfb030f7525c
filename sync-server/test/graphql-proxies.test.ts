import fs from 'node:fs';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { caddyAvailable, CADDY_BIN, startCaddy, type CaddyProcess } from '@tasklane/testkit/caddy-process';
import { freePort } from '@tasklane/testkit/free-port';
import { nginxAvailable, NGINX_BIN, NGINX_CONF, startNginx, type NginxProcess } from '@tasklane/testkit/nginx-process';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { waitFor } from '@tasklane/testkit/sync-socket';

jest.setTimeout(60_000);

const CADDYFILE = path.resolve(__dirname, '../../deploy/Caddyfile');
const SUBSCRIPTION = 'subscription { taskChanged { id title } }';

/**
 * graphql-yoga's SSE keep-alive, read from the module the server loads (the bundle keeps npm packages external):
 * a comment line every `pingIntervalMs`, which yoga hard-codes (300 ms only under NODE_ENV=test, never in production).
 */
function yogaKeepAliveMs(): number {
  const sse = path.join(path.dirname(require.resolve('graphql-yoga')), 'plugins/result-processor/sse.js');
  const match = /let pingIntervalMs = ([\d_]+);/.exec(fs.readFileSync(sse, 'utf8'));
  if (!match) throw new Error(`${sse} no longer sets pingIntervalMs: read how graphql-yoga keeps SSE alive now`);
  return Number(match[1]!.replace(/_/g, ''));
}

/** A proxy's origin as a client reaches it: plain HTTP (nginx), or HTTPS trusting only Caddy's local CA. */
type Entry = { name: string; origin: string; ca?: string };

function send(
  entry: Entry,
  method: string,
  target: string,
  options: { token: string; body?: unknown; accept?: string; acceptEncoding?: string },
): Promise<IncomingMessage> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: options.accept ?? 'application/json' };
  if (options.acceptEncoding !== undefined) headers['accept-encoding'] = options.acceptEncoding;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const url = new URL(target, entry.origin);
  return new Promise((resolve, reject) => {
    const request =
      url.protocol === 'https:'
        ? https.request(url, { method, headers, ca: entry.ca }, resolve)
        : http.request(url, { method, headers }, resolve);
    request.on('error', reject);
    request.end(body);
  });
}

async function json(entry: Entry, method: string, target: string, options: { token: string; body?: unknown }) {
  const response = await send(entry, method, target, options);
  let text = '';
  for await (const chunk of response) text += (chunk as Buffer).toString();
  return { status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) };
}

type Stream = {
  status: number;
  headers: IncomingHttpHeaders;
  /** `event: next` payloads, in order. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- event payloads as sent
  events: any[];
  /** Comment-only messages (`:`): yoga's keep-alives. */
  keepAlives: number;
  ended: boolean;
  close(): void;
};

/** `subscription { taskChanged … }` as an SSE client reads it through `entry`, by POST (JSON body) or GET (query string). */
async function subscribe(entry: Entry, token: string, method: 'POST' | 'GET'): Promise<Stream> {
  const target = method === 'GET' ? `/graphql?query=${encodeURIComponent(SUBSCRIPTION)}` : '/graphql';
  const response = await send(entry, method, target, {
    token,
    accept: 'text/event-stream',
    // As a browser asks: a proxy that compressed the stream would hold events in its compressor.
    acceptEncoding: 'gzip, deflate, br, zstd',
    ...(method === 'POST' ? { body: { query: SUBSCRIPTION } } : {}),
  });
  const stream: Stream = {
    status: response.statusCode ?? 0,
    headers: response.headers,
    events: [],
    keepAlives: 0,
    ended: false,
    close: () => response.destroy(),
  };
  let buffer = '';
  response.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const lines = buffer.slice(0, end).split('\n');
      buffer = buffer.slice(end + 2);
      if (lines.every((line) => line.startsWith(':'))) stream.keepAlives += 1;
      const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim());
      if (lines.includes('event: next') && data.length > 0) stream.events.push(JSON.parse(data.join('\n')));
    }
  });
  response.on('close', () => (stream.ended = true));
  response.on('error', () => (stream.ended = true));
  return stream;
}

/** nginx's `proxy_read_timeout` in `location <where>` of deploy/nginx.conf, in ms. */
function nginxReadTimeoutMs(where: string): number {
  const conf = fs.readFileSync(NGINX_CONF, 'utf8');
  const block = new RegExp(`^\\s*location ${where.replace(/[/.]/g, '\\$&')} \\{([^}]*)\\}`, 'm').exec(conf)?.[1] ?? '';
  const timeout = /proxy_read_timeout (\d+)(ms|s|m)?;/.exec(block);
  if (!timeout) return 60_000; // nginx's default
  return Number(timeout[1]) * { ms: 1, s: 1000, m: 60_000 }[(timeout[2] ?? 's') as 'ms' | 's' | 'm'];
}

const missing = [...(nginxAvailable() ? [] : [NGINX_BIN]), ...(caddyAvailable() ? [] : [CADDY_BIN])];
const title = 'GraphQL through the shipped proxies: deploy/nginx.conf in a real nginx, deploy/Caddyfile in a real Caddy';
const suite = missing.length === 0 ? describe : describe.skip;

suite(missing.length === 0 ? title : `${title} (skipped: ${missing.join(', ')} not installed; scripts/test-all.sh installs them)`, () => {
  const data = makeTempDir('graphql-proxies');
  let server: ServerProcess;
  let nginx: NginxProcess | undefined;
  let caddy: CaddyProcess | undefined;
  const entries: Entry[] = [];
  let user: RegisteredUser;
  /** Opened first and never written to, so they have idled the longest when the last test reads them. */
  const idle: Stream[] = [];

  beforeAll(async () => {
    // Production: yoga's real keep-alive interval (NODE_ENV=test would ping every 300 ms), the real secrets checks.
    server = await startServerProcess({ NODE_ENV: 'production', TRUST_PROXY: '1', DATA_DIR: data.dir, PASSWORD_HASH_COST: '' });
    const upstream = new URL(server.url);
    nginx = await startNginx({ port: await freePort(), upstreams: [upstream.host] });
    const [httpsPort, httpPort] = [await freePort(), await freePort()];
    const origin = `https://127.0.0.1:${httpsPort}`;
    caddy = await startCaddy(
      CADDYFILE,
      {
        TASKLANE_SITE: origin,
        TASKLANE_HTTPS_PORT: String(httpsPort),
        TASKLANE_HTTP_PORT: String(httpPort),
        TASKLANE_UPSTREAM_NAME: '127.0.0.1',
        TASKLANE_UPSTREAM_PORT: upstream.port,
      },
      httpsPort,
    );
    entries.push({ name: 'nginx', origin: nginx.url }, { name: 'Caddy', origin, ca: fs.readFileSync(caddy.localCa.root, 'utf8') });
    user = await registerUser(server.url);
    const idler = await registerUser(server.url);
    for (const entry of entries) idle.push(await subscribe(entry, idler.accessToken, 'GET'));
  });

  afterAll(async () => {
    idle.forEach((stream) => stream.close());
    await caddy?.stop();
    await nginx?.stop();
    await server?.stop();
    data.remove();
  });

  it.each(['nginx', 'Caddy'])('[GQ9] through %s, POST /graphql with a bearer token answers the query', async (name) => {
    const entry = entries.find((candidate) => candidate.name === name)!;
    const answer = await json(entry, 'POST', '/graphql', { token: user.accessToken, body: { query: '{ viewer { id email } }' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { viewer: { id: user.id, email: user.email } } });
    const refused = await json(entry, 'POST', '/graphql', { token: 'not-a-token', body: { query: '{ viewer { id } }' } });
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it.each(['nginx', 'Caddy'])(
    '[GQ9] through %s, a taskChanged stream (SSE) gets the event of a task created afterwards over REST through the same proxy, unbuffered',
    async (name) => {
      const entry = entries.find((candidate) => candidate.name === name)!;
      const stream = await subscribe(entry, user.accessToken, 'POST');
      try {
        expect(stream.status).toBe(200);
        expect(stream.headers['content-type']).toContain('text/event-stream');
        // yoga marks the stream `Content-Encoding: none`, which keeps Caddy's `encode` (and any gzip) off it.
        expect([undefined, 'none']).toContain(stream.headers['content-encoding']);
        // yoga's first keep-alive, 3 bytes: a buffering proxy would hold it (and every event after it) until its buffer fills.
        await waitFor(() => stream.keepAlives > 0, 10_000, `the stream's first bytes through ${name}`);
        // The stream is live once a write is heard. A few small writes at most: far less than a proxy buffer (4–8 KiB),
        // so no event gets through a buffering proxy by filling its buffer.
        const titles: string[] = [];
        for (let attempt = 0; attempt < 5 && stream.events.length === 0; attempt += 1) {
          titles.push(`via ${name} ${attempt}`);
          const created = await json(entry, 'POST', '/api/tasks', { token: user.accessToken, body: { title: titles.at(-1) } });
          expect(created.status).toBe(201);
          await waitFor(() => stream.events.length > 0, 2000).catch(() => undefined);
        }
        expect(stream.events.length).toBeGreaterThan(0);
        const created = await json(entry, 'POST', '/api/tasks', { token: user.accessToken, body: { title: `after, via ${name}` } });
        expect(created.status).toBe(201);
        await waitFor(
          () => stream.events.some((event) => event.data.taskChanged.id === created.body.id),
          10_000,
          `the event of the task created through ${name}`,
        );
        expect(stream.events.at(-1)).toEqual({ data: { taskChanged: { id: created.body.id, title: `after, via ${name}` } } });
        expect(stream.events.slice(0, -1).every((event) => titles.includes(event.data.taskChanged.title))).toBe(true);
        expect(stream.ended).toBe(false);
      } finally {
        stream.close();
      }
    },
  );

  it('[GQ9] an idle stream outlives no proxy read timeout: the keep-alive is well inside nginx’s, Caddy has none, and keep-alives cross both', async () => {
    const keepAliveMs = yogaKeepAliveMs();
    // Subscriptions reach nginx's `location /`; two keep-alives per read timeout leave room for one late one.
    expect(2 * keepAliveMs).toBeLessThanOrEqual(nginxReadTimeoutMs('/'));
    // Caddy's reverse_proxy and server have no read, write or response timeout unless the Caddyfile sets one.
    expect(fs.readFileSync(CADDYFILE, 'utf8').replace(/#.*$/gm, '')).not.toMatch(
      /\b(read_timeout|write_timeout|response_header_timeout|read_header_timeout|flush_interval|timeouts)\b/,
    );
    // One real keep-alive interval: streams opened at start-up, never written to, get the next keep-alive through each proxy and stay open.
    for (const [index, stream] of idle.entries()) {
      expect(stream.status).toBe(200);
      await waitFor(
        () => stream.keepAlives >= 2 || stream.ended,
        keepAliveMs + 10_000,
        `a second keep-alive through ${entries[index]!.name}`,
      );
      expect({ proxy: entries[index]!.name, ended: stream.ended, keepAlives: stream.keepAlives >= 2, events: stream.events }).toEqual({
        proxy: entries[index]!.name,
        ended: false,
        keepAlives: true,
        events: [],
      });
    }
  });
});
