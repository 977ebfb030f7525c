import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { caddyAvailable, spkiHash, startCaddy, type CaddyProcess } from '@tasklane/testkit/caddy-process';
import { CHROMIUM_LAUNCH_OPTIONS } from '@tasklane/testkit/chromium';
import { freePort } from '@tasklane/testkit/free-port';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { appDriver } from './support/app-driver';
import { ARTIFACTS, CLIENT_DIST, poll } from './support/browser';

jest.setTimeout(90_000);

const CADDYFILE = path.resolve(__dirname, '../../deploy/Caddyfile');

/** GET over TLS trusting only `ca`, as a phone that installed Caddy's root does. */
function getTrusting(ca: string, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

function getPlain(url: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location });
      })
      .on('error', reject);
  });
}

// Debian's caddy (installed by scripts/test-all.sh) in front of a production instance, with the project's own Caddyfile.
describe(
  caddyAvailable() ? 'e2e: HTTPS through Caddy (deploy/Caddyfile)' : 'e2e: HTTPS through Caddy — FAILS: caddy is not installed',
  () => {
    let server: ServerProcess;
    let caddy: CaddyProcess;
    let context: BrowserContext | undefined;
    const data = makeTempDir('https-data');
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tasklane-e2e-https-'));
    let origin: string;
    let httpPort: number;

    beforeAll(async () => {
      if (!fs.existsSync(path.join(CLIENT_DIST, 'index.html'))) throw new Error('client/dist is missing: run `npm run build` first');
      server = await startServerProcess({
        NODE_ENV: 'production',
        TRUST_PROXY: '1',
        DATA_DIR: data.dir,
        PASSWORD_HASH_COST: '', // blank: the production cost (the test default is refused in production)
      });
      const [httpsPort, plainPort] = [await freePort(), await freePort()];
      httpPort = plainPort;
      origin = `https://127.0.0.1:${httpsPort}`;
      // Only addresses and the upstream come from the test; TASKLANE_TLS keeps its default, Caddy's local CA ("internal").
      caddy = await startCaddy(
        CADDYFILE,
        {
          TASKLANE_SITE: origin,
          TASKLANE_HTTPS_PORT: String(httpsPort),
          TASKLANE_HTTP_PORT: String(httpPort),
          TASKLANE_UPSTREAM_NAME: '127.0.0.1',
          TASKLANE_UPSTREAM_PORT: new URL(server.url).port,
        },
        httpsPort,
      );
    });

    afterAll(async () => {
      await context?.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
      await caddy?.stop();
      await server?.stop();
      data.remove();
    });

    it('[TLS1] a device that trusts the local CA gets the PWA over https://, its service worker, no installability errors, and a wss:// socket that syncs', async () => {
      const root = fs.readFileSync(caddy.localCa.root, 'utf8');
      const ready = await poll(
        () => getTrusting(root, `${origin}/ready`),
        (response) => response.status === 200,
        { what: 'GET /ready through Caddy, trusting only its root' },
      );
      expect(ready.status).toBe(200);
      // A phone typing the plain address is sent to HTTPS (Caddy names no port when the site's is its https_port, 443 in compose).
      expect(await getPlain(`http://127.0.0.1:${httpPort}/`)).toEqual({ status: 308, location: 'https://127.0.0.1/' });

      // Chromium trusts this throwaway CA the way a phone does after installing its root: by public key, for this profile only,
      // so the page is a secure context with a valid certificate (no blanket --ignore-certificate-errors).
      const trusted = [spkiHash(root), spkiHash(fs.readFileSync(caddy.localCa.intermediate, 'utf8'))].join(',');
      context = await chromium.launchPersistentContext(profile, {
        ...CHROMIUM_LAUNCH_OPTIONS,
        args: [...CHROMIUM_LAUNCH_OPTIONS.args, `--ignore-certificate-errors-spki-list=${trusted}`],
        viewport: { width: 420, height: 860 },
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const errors: string[] = [];
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      page.on('pageerror', (error) => errors.push(error.message));
      const sockets: string[] = [];
      page.on('websocket', (socket) => sockets.push(socket.url()));

      const app = appDriver(page);
      await app.signUp(origin, `tls1-${randomUUID()}@example.com`, 'correct horse battery');
      expect(await page.evaluate(() => ({ protocol: location.protocol, secure: window.isSecureContext }))).toEqual({
        protocol: 'https:',
        secure: true,
      });
      await poll(app.connection, (state) => state === 'online', { what: 'the app online over wss://' });
      expect(sockets.length).toBeGreaterThan(0);
      expect(sockets.every((url) => url.startsWith(`wss://127.0.0.1:${new URL(origin).port}/socket.io/`))).toBe(true);

      await app.add('Buy stamps');
      await app.waitForPending(0);
      await app.waitForServiceWorkerControl();
      expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${origin}/sw.js`);

      const cdp = await context.newCDPSession(page);
      try {
        const { installabilityErrors } = await poll(
          () => cdp.send('Page.getInstallabilityErrors') as Promise<{ installabilityErrors: unknown[] }>,
          (result) => result.installabilityErrors.length === 0,
          { what: 'no installability errors', timeoutMs: 10_000 },
        );
        expect(installabilityErrors).toEqual([]);
      } finally {
        await cdp.detach();
      }
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'tls1-https.png'), fullPage: true });
      expect(errors).toEqual([]);
    });
  },
);
