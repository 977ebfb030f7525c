import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_LAUNCH_OPTIONS } from '@tasklane/testkit/chromium';
import { freePort } from '@tasklane/testkit/free-port';
import { nginxAvailable, NGINX_BIN, startNginx, type NginxProcess } from '@tasklane/testkit/nginx-process';
import { redisAvailable, startRedis, type RedisProcess } from '@tasklane/testkit/redis-process';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { appDriver } from './support/app-driver';
import { CLIENT_DIST, poll } from './support/browser';

jest.setTimeout(120_000);

/**
 * A host name other than localhost, resolved by Chromium alone (no /etc/hosts edit), over plain HTTP: not a
 * secure context, so no service worker, no `crypto.subtle`, no `crypto.randomUUID` — as a LAN address such as
 * http://nas.lan:8080 is. The app must still sign in and sync there ([PX6]); offline use and installing need HTTPS.
 */
const OTHER_HOST = 'tasklane.test';
const ACCESS_TOKEN_TTL_SECONDS = 6;
const SESSION_KEY = 'tasklane:session';
const missing = [...(nginxAvailable() ? [] : [NGINX_BIN]), ...(redisAvailable() ? [] : ['redis-server'])];
const title = 'e2e: the compose topology for real: deploy/nginx.conf in a real nginx, two production instances, Redis';
const suite = missing.length === 0 ? describe : describe.skip;

suite(missing.length === 0 ? title : `${title} (skipped: ${missing.join(', ')} not installed; scripts/test-all.sh installs them)`, () => {
  const temp = makeTempDir('nginx-e2e');
  const servers: ServerProcess[] = [];
  let redis: RedisProcess | undefined;
  let nginx: NginxProcess | undefined;
  let context: BrowserContext | undefined;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tasklane-e2e-nginx-'));
  const errors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(CLIENT_DIST, 'index.html'))) {
      throw new Error('client/dist is missing: run `npm run build` before the e2e tests (npm test does)');
    }
    redis = await startRedis(await freePort());
    for (let i = 0; i < 2; i += 1) {
      servers.push(
        await startServerProcess({
          NODE_ENV: 'production',
          DATA_DIR: temp.dir,
          REDIS_URL: redis.url,
          TRUST_PROXY: '1',
          PASSWORD_HASH_COST: '', // blank: the production cost (the test default is refused in production)
          LOG_LEVEL: 'warn',
          ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL_SECONDS), // short, so both pages must renew their token during the test
        }),
      );
    }
    nginx = await startNginx({ port: await freePort(), upstreams: servers.map((server) => new URL(server.url).host) });
    context = await chromium.launchPersistentContext(profile, {
      ...CHROMIUM_LAUNCH_OPTIONS,
      args: [...CHROMIUM_LAUNCH_OPTIONS.args, `--host-resolver-rules=MAP ${OTHER_HOST} 127.0.0.1`],
      viewport: { width: 420, height: 860 },
    });
    context.on('page', (page: Page) => {
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console error on ${page.url()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`page error on ${page.url()}: ${error.message}`));
    });
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    fs.rmSync(profile, { recursive: true, force: true });
    await nginx?.stop();
    await Promise.allSettled(servers.map((server) => server.stop()));
    await redis?.kill();
    temp.remove();
  });

  async function socketsPerInstance(): Promise<number[]> {
    return Promise.all(
      servers.map(async (server) => {
        const metrics = await (await fetch(`${server.metricsUrl}/metrics`)).text();
        return Number(/^sync_connected_sockets (\d+)$/m.exec(metrics)?.[1]);
      }),
    );
  }

  it('[PX3] a page through nginx on localhost signs up, goes Online and adds a task; a page on another plain-HTTP host name [PX6] sees it live', async () => {
    const email = `proxy-${randomUUID()}@example.com`;
    const password = 'correct horse battery';
    const viaLocalhost = `http://localhost:${nginx!.port}`;
    const viaHostName = `http://${OTHER_HOST}:${nginx!.port}`;

    const laptop = await context!.newPage();
    const onLaptop = appDriver(laptop);
    await onLaptop.signUp(viaLocalhost, email, password);
    await poll(onLaptop.connection, (state) => state === 'online', { what: 'the localhost page online through nginx' });

    const phone = await context!.newPage();
    const onPhone = appDriver(phone);
    await onPhone.signIn(viaHostName, email, password);
    await poll(onPhone.connection, (state) => state === 'online', { what: `the ${OTHER_HOST} page online through nginx` });
    // The change must cross instances through Redis: least_conn normally puts the second socket on the other
    // instance, but a reconnect of the first page can leave both on one; then the phone reconnects (bounded).
    for (let attempt = 1; ; attempt += 1) {
      const placed = await poll(socketsPerInstance, (counts) => counts[0]! + counts[1]! === 2, { what: 'both sockets counted' });
      if (placed[0] === 1 && placed[1] === 1) break;
      if (attempt === 5) throw new Error(`both sockets stayed on one instance: ${JSON.stringify(placed)}`);
      await phone.reload();
      await poll(onPhone.connection, (state) => state === 'online', { what: `the ${OTHER_HOST} page online again` });
    }

    await onLaptop.add('Through the proxy');
    await onPhone.row('Through the proxy').waitFor({ timeout: 5000 });
    await onLaptop.waitForPending(0);

    // Past the access token's lifetime both pages still sync: localhost through the httpOnly cookie alone, the
    // plain-HTTP host (where the browser refuses the Secure cookie) with the refresh token kept locally ([PX6]).
    await new Promise((resolve) => setTimeout(resolve, (ACCESS_TOKEN_TTL_SECONDS + 2) * 1000));
    await onPhone.add('After the tokens expired');
    await onLaptop.row('After the tokens expired').waitFor({ timeout: 10_000 });
    await onLaptop.add('Back the other way');
    await onPhone.row('Back the other way').waitFor({ timeout: 10_000 });
    const storedSession = (page: Page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null') as unknown, SESSION_KEY);
    expect(await storedSession(laptop)).not.toHaveProperty('refreshToken');
    expect(await storedSession(phone)).toHaveProperty('refreshToken', expect.any(String));
    expect(errors).toEqual([]);
    expect(nginx!.errorLog()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
  });

  it('[PX4] no spelling of /metrics is metrics through nginx or on the app ports; each metrics port answers', async () => {
    const spellings = ['/metrics', '/metrics/', '/METRICS', '/Metrics', '/metrics?format=text'];
    for (const base of [nginx!.url, ...servers.map((server) => server.url)]) {
      for (const spelling of spellings) {
        const response = await fetch(`${base}${spelling}`, { headers: { accept: 'text/plain' } });
        const body = await response.text();
        expect([base, spelling, response.status, /^# (HELP|TYPE) /m.test(body)]).toEqual([base, spelling, 404, false]);
      }
    }
    for (const server of servers) {
      const response = await fetch(`${server.metricsUrl}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/^# HELP sync_connected_sockets /m);
    }
  });
});
