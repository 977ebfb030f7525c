import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { appDriver } from './support/app-driver';
import { CLIENT_DIST, OFFLINE_NOISE, openDevice, poll, type Device } from './support/browser';
import { serverTasksOf } from './support/server-api';

jest.setTimeout(120_000);

describe('e2e: offline use', () => {
  let server: TestServer;
  let device: Device | undefined;

  beforeAll(async () => {
    server = await startTestServer({ clientDistDir: CLIENT_DIST });
  });
  afterAll(async () => {
    await device?.close();
    await server.close();
  });

  it('[E2] the app reloads offline from the service worker; offline creates, edits, completes and deletes wait, then reach the server', async () => {
    device = await openDevice('e2', OFFLINE_NOISE);
    const { page, context } = device;
    const app = appDriver(page);
    const email = `e2-${randomUUID()}@example.com`;
    const password = 'correct horse battery';
    await app.signUp(server.url, email, password);
    await app.add('Existing task');
    await app.waitForPending(0);
    await app.waitForServiceWorkerControl();

    await context.setOffline(true);
    await page.reload();
    await app.row('Existing task').waitFor();
    expect(await app.connection()).toBe('offline');

    await app.add('Made offline');
    await app.add('Short-lived');
    await app.edit('Existing task', { title: 'Existing task, edited offline' });
    await app.toggle('Made offline');
    await app.remove('Short-lived');
    // the edit, the new task, and the tombstone of the task created and deleted offline
    await app.waitForPending(3);
    await expect(app.row('Made offline').getAttribute('data-unsynced')).resolves.toBe('true');
    await device.screenshot('e2-offline-waiting');

    await context.setOffline(false);
    await app.waitForPending(0, 30_000);
    const onServer = await poll(
      () => serverTasksOf(server.url, email, password),
      (tasks) => tasks.length === 2 && tasks.some((task) => task.status === 'done'),
      { what: 'offline changes on the server', timeoutMs: 15_000 },
    );
    const byTitle = Object.fromEntries(onServer.map((task) => [task.title, task]));
    expect(Object.keys(byTitle).sort()).toEqual(['Existing task, edited offline', 'Made offline']);
    expect(byTitle['Made offline']?.status).toBe('done');
    expect(await app.connection()).toBe('online');
    await expect(app.row('Made offline').getAttribute('data-unsynced')).resolves.toBe('false');
    await device.screenshot('e2-back-online');
    expect(device.errors).toEqual([]);
  });
  it('[CT1] two tabs: a task added offline in the tab that does not sync stops counting as waiting in both once the other tab has synced it', async () => {
    const tabs = await openDevice('ct1', OFFLINE_NOISE);
    try {
      const first = appDriver(tabs.page);
      await first.signUp(server.url, `ct1-${randomUUID()}@example.com`, 'correct horse battery');
      await first.add('Before the second tab');
      await first.waitForPending(0);
      const secondPage = await tabs.context.newPage();
      const second = appDriver(secondPage);
      await secondPage.goto(server.url); // same profile: already signed in; the first tab stays the one that syncs
      await second.row('Before the second tab').waitFor();

      await tabs.context.setOffline(true);
      await second.add('Added offline in the second tab');
      await second.waitForPending(1);
      await first.waitForPending(1);
      await tabs.context.setOffline(false);
      await first.waitForPending(0, 30_000);
      await second.waitForPending(0, 30_000);
      await expect(second.row('Added offline in the second tab').getAttribute('data-unsynced')).resolves.toBe('false');
      expect(tabs.errors).toEqual([]);
    } finally {
      await tabs.close();
    }
  });
});
