import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { connectSocket } from '@tasklane/testkit/sync-socket';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { databaseNameFor } from '../src/db/create-task-db';
import { idbLogDatabaseName } from '../src/db/idb-log-storage';
import { appDriver } from './support/app-driver';
import { CLIENT_DIST, OFFLINE_NOISE, openDevice, poll, type Device } from './support/browser';
import { serverTasksOf } from './support/server-api';

jest.setTimeout(120_000);

const SEEDED = 2500;

/** A user whose account already holds `count` tasks "seed 0" … (oldest first), pushed over the socket. */
async function userWithTasks(baseUrl: string, count: number): Promise<RegisteredUser> {
  const user = await registerUser(baseUrl);
  const socket = await connectSocket(baseUrl, user.accessToken);
  try {
    for (let written = 0; written < count; written += 500) {
      const rows = Array.from({ length: Math.min(500, count - written) }, (_, i) => ({
        newDocumentState: makeTask({
          title: `seed ${written + i}`,
          createdAt: new Date(Date.UTC(2026, 0, 1) + (written + i) * 1000).toISOString(),
        }),
      }));
      const ack = await socket.push({ rows });
      if (!ack.ok) throw new Error(`seeding failed: ${ack.error.code}`);
    }
  } finally {
    socket.close();
  }
  return user;
}

describe('e2e: the local database (memory plus an IndexedDB log)', () => {
  let server: TestServer;
  const devices: Device[] = [];

  beforeAll(async () => {
    server = await startTestServer({ clientDistDir: CLIENT_DIST });
  });
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((device) => device.close()));
  });
  afterAll(async () => {
    await server.close();
  });

  const shownCount = (device: Device) => device.page.locator('p.visually-hidden[role=status]', { hasText: /tasks? shown/ }).innerText();

  it('[BW1] [BW6] [BW7] a new device syncs a large account into IndexedDB, lists it newest first a page at a time, and shows it all again after an offline reload', async () => {
    const user = await userWithTasks(server.url, SEEDED);
    const device = await openDevice('bw1', OFFLINE_NOISE);
    devices.push(device);
    const app = appDriver(device.page);
    await app.signIn(server.url, user.email, user.password);
    await poll(
      () => shownCount(device),
      (text) => text === `${SEEDED} tasks shown`,
      { what: 'every task listed', timeoutMs: 60_000 },
    );
    // [BW7] the newest first, one page rendered; the next page renders as the end of the list comes near.
    expect((await app.titles()).slice(0, 3)).toEqual([`seed ${SEEDED - 1}`, `seed ${SEEDED - 2}`, `seed ${SEEDED - 3}`]);
    expect(await app.rows.count()).toBe(50);
    await device.page.getByRole('button', { name: /^Show more/ }).scrollIntoViewIfNeeded();
    await poll(
      () => app.rows.count(),
      (rows) => rows >= 100,
      { what: 'the next page' },
    );
    await device.page.getByLabel('Search tasks').fill('seed 2017');
    await app.row('seed 2017').waitFor();
    expect(await app.rows.count()).toBe(1);
    await device.page.getByLabel('Search tasks').fill('');

    // [BW1] The tasks are in the log database, one record per write, and nothing is left in RxDB's Dexie layout.
    const names = await device.page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''));
    expect(names).toContain(idbLogDatabaseName(databaseNameFor(user.id)));
    expect(names.filter((name) => name.startsWith('rxdb-dexie-'))).toEqual([]);

    await app.waitForServiceWorkerControl();
    await device.context.setOffline(true);
    await device.page.reload();
    await poll(
      () => shownCount(device),
      (text) => text === `${SEEDED} tasks shown`,
      { what: 'every task after the offline reload' },
    );
    expect(await app.connection()).toBe('offline');
    await app.add('Written offline after the reload');
    await device.page.reload();
    await app.row('Written offline after the reload').waitFor();
    await poll(
      () => shownCount(device),
      (text) => text === `${SEEDED + 1} tasks shown`,
      { what: 'the offline task kept' },
    );
    await app.waitForPending(1);
    await device.context.setOffline(false);
    await app.waitForPending(0, 30_000);
    await device.screenshot('bw1-after-offline-reload');
    expect(device.errors).toEqual([]);
  });

  it('[BW2] two tabs share the local database: each edit shows in the other tab, and the tab that does not sync gets its edits to the server', async () => {
    const user = await registerUser(server.url);
    const tabs = await openDevice('bw2', OFFLINE_NOISE);
    devices.push(tabs);
    const first = appDriver(tabs.page);
    await first.signIn(server.url, user.email, user.password);
    await first.add('Made in the first tab');
    const secondPage = await tabs.context.newPage();
    const second = appDriver(secondPage);
    await secondPage.goto(server.url); // same profile: already signed in; the first tab keeps syncing
    await second.row('Made in the first tab').waitFor();

    await second.edit('Made in the first tab', { title: 'Renamed in the second tab' });
    await first.row('Renamed in the second tab').waitFor({ timeout: 5000 });
    await second.add('Made in the second tab');
    await first.row('Made in the second tab').waitFor({ timeout: 5000 });
    await first.toggle('Made in the second tab');
    await poll(() => second.row('Made in the second tab').getByRole('checkbox').isChecked(), Boolean, {
      what: 'the completion in the second tab',
    });

    const onServer = await poll(
      () => serverTasksOf(server.url, user.email, user.password),
      (tasks) => tasks.length === 2 && tasks.some((task) => task.title === 'Made in the second tab' && task.status === 'done'),
      { what: 'both tabs’ edits on the server', timeoutMs: 15_000 },
    );
    expect(onServer.map((task) => task.title).sort()).toEqual(['Made in the second tab', 'Renamed in the second tab']);
    await first.waitForPending(0);
    await second.waitForPending(0);
    expect(tabs.errors).toEqual([]);
  });
});
