import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { appDriver } from './support/app-driver';
import { CLIENT_DIST, openDevice, type Device } from './support/browser';
import { serverTasksOf } from './support/server-api';

jest.setTimeout(120_000);

describe('e2e: users are isolated', () => {
  let server: TestServer;
  const devices: Device[] = [];

  beforeAll(async () => {
    server = await startTestServer({ clientDistDir: CLIENT_DIST });
  });
  afterAll(async () => {
    await Promise.all(devices.splice(0).map((device) => device.close()));
    await server.close();
  });

  it("[E5] a second user — in another browser, and on the same browser after a sign-out — never sees the first user's tasks", async () => {
    const password = 'correct horse battery';
    const alice = `alice-${randomUUID()}@example.com`;
    const bob = `bob-${randomUUID()}@example.com`;
    const shared = await openDevice('e5-shared');
    devices.push(shared);
    const other = await openDevice('e5-other');
    devices.push(other);
    const onShared = appDriver(shared.page);
    const onOther = appDriver(other.page);

    await onShared.signUp(server.url, alice, password);
    await onShared.add('Alice: private diary');
    await onShared.waitForPending(0);
    await onOther.signUp(server.url, bob, password);
    await onOther.add('Bob: groceries');
    await onShared.add('Alice: written while Bob is online');
    await onShared.waitForPending(0);
    await onOther.waitForPending(0);

    // Alice signs out but keeps her local copy; Bob signs in on the same browser.
    await onShared.signOut();
    await onShared.signIn(server.url, bob, password);
    await onShared.row('Bob: groceries').waitFor({ timeout: 10_000 });

    expect(await onShared.titles()).toEqual(['Bob: groceries']);
    expect(await onOther.titles()).toEqual(['Bob: groceries']);
    expect((await serverTasksOf(server.url, bob, password)).map((task) => task.title)).toEqual(['Bob: groceries']);
    expect((await serverTasksOf(server.url, alice, password)).map((task) => task.title).sort()).toEqual([
      'Alice: private diary',
      'Alice: written while Bob is online',
    ]);
    await shared.screenshot('e5-bob-on-alices-browser');
    await other.screenshot('e5-bob-elsewhere');
    expect([...shared.errors, ...other.errors]).toEqual([]);
  });
});
