import { randomUUID } from 'node:crypto';
import type { Task } from '@tasklane/shared/domain/task';
import { api } from '@tasklane/testkit/api-client';
import { freePort } from '@tasklane/testkit/free-port';
import type { ServerProcess } from '@tasklane/testkit/server-process';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { appDriver } from './support/app-driver';
import { OFFLINE_NOISE, openDevice, poll, type Device } from './support/browser';
import { editInVersion1, taskIdsByTitle } from './support/v1-app';
import { extractVersion1Build, startCurrentServer, startVersion1Server, type Version1Build } from './support/v1-build';

/**
 * The offline schema upgrade of docs/data-model-v2.md §9 in a real browser: the previous release (protocol 1, task
 * schema version 0 with `dueAt`; client/e2e/fixtures/README.md says how the fixture was built) edits offline, the
 * server is replaced by this checkout's build on the same origin and SQLite file, and the PWA updates itself.
 */
jest.setTimeout(180_000);

const PASSWORD = 'correct horse battery';
/** Chromium takes its zone from TZ at launch. Auckland in January is UTC+13: the v1 build's "local noon" is 23:00 UTC the day before. */
const PHONE_ZONE = 'Pacific/Auckland';

async function openDeviceInZone(name: string, timeZone: string): Promise<Device> {
  const previous = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    return await openDevice(name, OFFLINE_NOISE);
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

async function signedIn(baseUrl: string, email: string): Promise<string> {
  const login = await api(baseUrl, 'POST', '/api/auth/login', { body: { email, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  return (login.body as { accessToken: string }).accessToken;
}

async function tasksOnServer(baseUrl: string, token: string): Promise<Task[]> {
  const list = await api(baseUrl, 'GET', '/api/tasks?limit=500', { token });
  if (list.status !== 200) throw new Error(`listing failed: ${list.status}`);
  return (list.body as { tasks: Task[] }).tasks;
}

describe('e2e: offline schema upgrade from the previous release', () => {
  let build: Version1Build;
  let data: { dir: string; remove(): void };
  let server: ServerProcess | undefined;
  const devices: Device[] = [];

  beforeAll(() => {
    build = extractVersion1Build();
    data = makeTempDir('up-data');
  });
  afterAll(async () => {
    await Promise.all(devices.map((device) => device.close()));
    await server?.stop();
    build.remove();
    data.remove();
  });

  it('[UP1] a v1 PWA with offline edits meets the upgraded server, updates itself, migrates, and every edit arrives intact on the server and a second device, merged field by field with a concurrent change', async () => {
    const started = Date.now();
    const port = await freePort();
    server = await startVersion1Server(build, port, data.dir);
    const baseUrl = server.url;
    const email = `up1-${randomUUID()}@example.com`;

    // 1. The v1 build, online: tasks, one with a due date picked in its editor.
    const phone = await openDeviceInZone('up1-phone', PHONE_ZONE);
    devices.push(phone);
    const { page, context } = phone;
    const app = appDriver(page);
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(PHONE_ZONE);
    await app.signUp(baseUrl, email, PASSWORD);
    expect(await page.evaluate(() => [...document.scripts].map((script) => script.src.split('/').pop()))).toEqual(
      expect.arrayContaining(build.scriptNames),
    );
    for (const title of ['Pay rent', 'Call the plumber', 'Buy paint', 'Old flyers', 'Water the plants']) await app.add(title);
    await editInVersion1(page, 'Pay rent', { dueDate: '2027-01-15' });
    await app.waitForPending(0);
    await app.waitForServiceWorkerControl();
    const ids = await taskIdsByTitle(page);
    const v1Token = await signedIn(baseUrl, email);
    // The pending count can read 0 before the editor's write reaches the outbox, so wait for the server to hold a due date.
    const rentOnV1 = await poll(
      async () => (await api(baseUrl, 'GET', `/api/tasks/${ids['Pay rent']}`, { token: v1Token })).body as { dueAt?: string | null },
      (rent) => typeof rent.dueAt === 'string',
      { what: 'the due date picked on the v1 build, on the server' },
    );
    expect(rentOnV1).toMatchObject({ dueAt: '2027-01-14T23:00:00.000Z' }); // the v1 build's local noon in Auckland

    // 2. Offline on the v1 build: several fields of several tasks, a deletion, a new task.
    await context.setOffline(true);
    await editInVersion1(page, 'Pay rent', { title: 'Pay rent and bills' });
    await editInVersion1(page, 'Call the plumber', { status: 'Done', priority: 'High' });
    await editInVersion1(page, 'Buy paint', { tags: 'home, weekend', dueDate: '2027-03-06' });
    await app.remove('Old flyers');
    await app.add('Renew passport');
    await editInVersion1(page, 'Renew passport', { priority: 'High', dueDate: '2027-02-10' });
    await app.waitForPending(5);
    const passportId = (await taskIdsByTitle(page))['Renew passport'];

    // Meanwhile a second device changes other fields of two of those tasks, later than the offline edits: decided by
    // clocks ([M6]) these would win whole fields of the offline edits; merged with the migrated base ([M1]) both survive.
    for (const [title, patch] of [
      ['Pay rent', { description: 'From the joint account' }],
      ['Buy paint', { title: 'Buy white paint' }],
    ] as const) {
      const patched = await api(baseUrl, 'PATCH', `/api/tasks/${ids[title]}`, { token: v1Token, body: patch });
      expect(patched.status).toBe(200);
    }

    // 3. The server is upgraded in place: same port (so the same origin), same SQLite file.
    expect(await server.stop()).toBe(0);
    server = await startCurrentServer(port, data.dir);
    expect(server.url).toBe(baseUrl);

    // 4. Back online, the v1 build is answered CLIENT_TOO_OLD: it keeps its edits and asks for a reload.
    await context.setOffline(false);
    await page.getByRole('alert').filter({ hasText: 'The server needs a newer Tasklane. Reload the page to update' }).waitFor();
    expect(await app.connection()).toBe('client-too-old');
    expect(await app.pendingCount()).toBe(5);
    await phone.screenshot('up1-v1-update-needed');
    // The user reloads: the old service worker serves the old page, the browser finds the new sw.js, which waits;
    // the old page offers it, and its "Reload" lets it take over and reloads into the new build.
    await page.reload();
    await page.getByText('A new version of Tasklane is available.').waitFor({ timeout: 30_000 });
    await phone.screenshot('up1-v1-new-version-offered');
    await page.getByRole('button', { name: 'Reload', exact: true }).click();
    await poll(
      () => page.evaluate(() => [...document.scripts].map((script) => script.src.split('/').pop() ?? '')),
      (names) => names.length > 0 && !names.some((name) => build.scriptNames.includes(name)),
      { what: 'the new build in the page', timeoutMs: 30_000 },
    );

    // 5. The new build migrated the device's data and pushed every pending edit.
    await app.waitForPending(0, 30_000);
    expect(await app.connection()).toBe('online');
    const expected: Record<string, Partial<Task>> = {
      [ids['Pay rent'] ?? '']: {
        title: 'Pay rent and bills',
        description: 'From the joint account',
        due: { date: '2027-01-15' },
        status: 'todo',
        priority: 'medium',
        tags: [],
      },
      [ids['Call the plumber'] ?? '']: { title: 'Call the plumber', status: 'done', priority: 'high', due: null },
      [ids['Buy paint'] ?? '']: { title: 'Buy white paint', tags: ['home', 'weekend'], due: { date: '2027-03-06' }, status: 'todo' },
      [passportId ?? '']: { title: 'Renew passport', priority: 'high', due: { date: '2027-02-10' }, status: 'todo' },
      [ids['Water the plants'] ?? '']: { title: 'Water the plants', status: 'todo', priority: 'medium', due: null, tags: [] },
    };
    const newToken = await signedIn(baseUrl, email);
    const onServer = await poll(
      () => tasksOnServer(baseUrl, newToken),
      (tasks) => tasks.length === 5 && tasks.every((task) => expected[task.id]?.title === task.title),
      { what: 'the offline edits on the upgraded server', timeoutMs: 15_000 },
    ).catch(async (error: unknown) => {
      // the assertions below then say which field of which task is wrong
      if (error instanceof Error && error.message.startsWith('timed out')) return tasksOnServer(baseUrl, newToken);
      throw error;
    });
    expect(Object.fromEntries(onServer.map((task) => [task.id, task]))).toMatchObject(
      Object.fromEntries(
        Object.entries(expected).map(([id, fields]) => [id, { ...fields, listId: 'inbox', recurrence: null, checklist: [] }]),
      ),
    );
    expect(onServer.find((task) => task.status === 'done')?.completedAt).toEqual(expect.any(String));
    expect((await api(baseUrl, 'GET', `/api/tasks/${ids['Old flyers']}`, { token: newToken })).status).toBe(404);

    const titles = Object.values(expected)
      .map((fields) => fields.title)
      .sort();
    expect((await app.titles()).sort()).toEqual(titles);
    await expect(app.row('Pay rent and bills').locator('[data-testid="due"] time').getAttribute('datetime')).resolves.toBe('2027-01-15');
    await phone.screenshot('up1-upgraded');

    // A second device on the new build, in another zone, sees the same tasks in its Inbox.
    const laptop = await openDeviceInZone('up1-laptop', 'America/Los_Angeles');
    devices.push(laptop);
    const onLaptop = appDriver(laptop.page);
    await onLaptop.signIn(baseUrl, email, PASSWORD);
    await poll(onLaptop.titles, (shown) => shown.length === titles.length, { what: 'the tasks on the second device' });
    expect((await onLaptop.titles()).sort()).toEqual(titles);
    await expect(onLaptop.row('Pay rent and bills').locator('[data-testid="due"] time').getAttribute('datetime')).resolves.toBe(
      '2027-01-15',
    );
    await expect(onLaptop.row('Call the plumber').getByRole('checkbox').isChecked()).resolves.toBe(true);
    await onLaptop.waitForPending(0);
    await laptop.screenshot('up1-second-device');

    expect([...phone.errors, ...laptop.errors]).toEqual([]);
    process.stdout.write(`[UP1] v1 build → upgraded server → new build: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });
});
