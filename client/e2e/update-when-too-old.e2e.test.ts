import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { appDriver } from './support/app-driver';
import { OFFLINE_NOISE, openDevice, poll, type Device } from './support/browser';
import { routeSyncHandshakes } from './support/handshake-gate';
import { copyClientBuild, type ServedBuild } from './support/served-build';
import { serverTasksOf } from './support/server-api';

/**
 * docs/client.md [UP2]: this checkout's build, refused by the server as too old while a newer build is deployed,
 * fetches the new service worker itself and updates in one click, keeping its offline edit.
 */
jest.setTimeout(120_000);

const PASSWORD = 'correct horse battery';
const BANNER_TEXT = 'The server needs a newer Tasklane';

/** Set on the page's window: still there afterwards means the document was never reloaded. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __up2SameDocument: true }));
}
async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __up2SameDocument?: boolean }).__up2SameDocument === true);
}
async function buildMarker(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector('meta[name="tasklane-build"]')?.getAttribute('content') ?? null);
}
async function workers(page: Page): Promise<{ waiting: string | null; installing: string | null }> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return { waiting: registration?.waiting?.state ?? null, installing: registration?.installing?.state ?? null };
  });
}

describe('e2e: update when the server finds this build too old', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp(name: string): Promise<{ build: ServedBuild; server: TestServer; device: Device }> {
    const build = copyClientBuild();
    cleanups.push(() => build.remove());
    const server = await startTestServer({ clientDistDir: build.dir });
    cleanups.push(() => server.close());
    const device = await openDevice(name, OFFLINE_NOISE);
    cleanups.push(() => device.close());
    return { build, server, device };
  }

  it('[UP2] refused as CLIENT_TOO_OLD with a pending offline edit, the page installs the new service worker without a reload, "Update now" reloads into the new build once, and the edit is pushed', async () => {
    const { build, server, device } = await setUp('up2');
    const { page, context } = device;
    const app = appDriver(page);
    const gate = await routeSyncHandshakes(page);
    const email = `up2-${randomUUID()}@example.com`;
    await app.signUp(server.url, email, PASSWORD);
    await app.add('Water the plants');
    await app.waitForPending(0);
    await app.waitForServiceWorkerControl();
    expect(await buildMarker(page)).toBeNull();

    await context.setOffline(true);
    await app.edit('Water the plants', { title: 'Water the plants twice' });
    await app.waitForPending(1);

    // Meanwhile the server is upgraded past this build and a new build is deployed.
    build.publishNewVersion('second');
    gate.setClientTooOld(true);
    await markDocument(page);
    await context.setOffline(false);

    const banner = page.getByRole('alert').filter({ hasText: BANNER_TEXT });
    await banner.waitFor();
    expect(await app.connection()).toBe('client-too-old');
    expect(gate.refusals[0]).toMatchObject({ message: 'CLIENT_TOO_OLD', data: { code: 'CLIENT_TOO_OLD', retryable: false } });

    // The fix: the banner looked for the new version at once; it installed and waits, and no one reloaded.
    const updateNow = banner.getByRole('button', { name: 'Update now', exact: true });
    await updateNow.waitFor({ timeout: 30_000 });
    expect(await workers(page)).toEqual({ waiting: 'installed', installing: null });
    expect(await sameDocument(page)).toBe(true);
    expect(await banner.getByRole('button', { name: 'Reload to update' }).count()).toBe(0);
    expect(await app.pendingCount()).toBe(1);
    await device.screenshot('up2-update-offered');

    // The server accepts the new build; one click and the page runs it.
    gate.setClientTooOld(false);
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await updateNow.click();
    await poll(
      () => buildMarker(page),
      (marker) => marker === 'second',
      { what: 'the new build in the page', timeoutMs: 30_000 },
    );
    expect(await sameDocument(page)).toBe(false);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
    expect(await workers(page)).toEqual({ waiting: null, installing: null });

    await app.waitForPending(0, 30_000);
    expect(await app.connection()).toBe('online');
    expect(await page.getByRole('alert').filter({ hasText: BANNER_TEXT }).count()).toBe(0);
    expect(await app.titles()).toEqual(['Water the plants twice']);
    const onServer = await serverTasksOf(server.url, email, PASSWORD);
    expect(onServer.map((task) => task.title)).toEqual(['Water the plants twice']);
    expect(navigations).toBe(1);
    expect(gate.refusals.every((refusal) => refusal.message === 'CLIENT_TOO_OLD')).toBe(true);
    expect(device.errors).toEqual([]);
  });

  it('[UP2] with no new version found the banner offers "Reload to update", and it keeps looking with backoff until one appears', async () => {
    const { build, server, device } = await setUp('up2-fallback');
    const { page, context } = device;
    const app = appDriver(page);
    await page.clock.install(); // time flows as usual until the test jumps it forward
    const gate = await routeSyncHandshakes(page);
    await app.signUp(server.url, `up2-fallback-${randomUUID()}@example.com`, PASSWORD);
    await app.add('Buy paint');
    await app.waitForPending(0);
    await app.waitForServiceWorkerControl();

    // The server is upgraded but no newer build is deployed yet: the socket's next handshake is refused.
    gate.setClientTooOld(true);
    await context.setOffline(true);
    await context.setOffline(false);
    const banner = page.getByRole('alert').filter({ hasText: BANNER_TEXT });
    const reload = banner.getByRole('button', { name: 'Reload to update', exact: true });
    await reload.waitFor();
    expect(await app.connection()).toBe('client-too-old');
    expect(await banner.getByRole('button', { name: 'Update now' }).count()).toBe(0);
    await device.screenshot('up2-reload-to-update');

    // The new build is deployed now. Nothing else looks for it: the hourly check is far off, and no navigation since
    // the service worker took over could have scheduled the browser's own check; only the banner's next look can.
    await markDocument(page);
    build.publishNewVersion('second');
    expect(await workers(page)).toEqual({ waiting: null, installing: null });
    await page.clock.fastForward('00:31');
    await banner.getByRole('button', { name: 'Update now', exact: true }).waitFor({ timeout: 30_000 });
    expect(await workers(page)).toEqual({ waiting: 'installed', installing: null });
    expect(await sameDocument(page)).toBe(true);
    expect(device.errors).toEqual([]);
  });
});
