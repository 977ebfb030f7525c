import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { appDriver } from './support/app-driver';
import { CLIENT_DIST, OFFLINE_NOISE, openDevice, poll, type Device } from './support/browser';
import { serverTasksOf } from './support/server-api';

jest.setTimeout(120_000);

describe('e2e: two devices of the same user', () => {
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

  async function twoDevices(name: string) {
    const email = `${name}-${randomUUID()}@example.com`;
    const password = 'correct horse battery';
    const laptop = await openDevice(`${name}-laptop`, OFFLINE_NOISE);
    devices.push(laptop);
    const phone = await openDevice(`${name}-phone`, OFFLINE_NOISE);
    devices.push(phone);
    await appDriver(laptop.page).signUp(server.url, email, password);
    await appDriver(phone.page).signIn(server.url, email, password);
    return { email, password, laptop, phone };
  }

  it('[E3] a change on one device shows on the other within 2 seconds, without a reload', async () => {
    const { laptop, phone } = await twoDevices('e3');
    const onLaptop = appDriver(laptop.page);
    const onPhone = appDriver(phone.page);
    await poll(onPhone.connection, (state) => state === 'online', { what: 'phone online' });
    await poll(onLaptop.connection, (state) => state === 'online', { what: 'laptop online' });

    await onLaptop.add('Pick up parcel');
    await onPhone.row('Pick up parcel').waitFor({ timeout: 2000 });

    await onPhone.toggle('Pick up parcel');
    await poll(() => onLaptop.row('Pick up parcel').getByRole('checkbox').isChecked(), Boolean, {
      timeoutMs: 2000,
      what: 'completion on the laptop',
    });

    await onPhone.edit('Pick up parcel', { title: 'Pick up parcel at the post office' });
    await onLaptop.row('Pick up parcel at the post office').waitFor({ timeout: 2000 });
    await laptop.screenshot('e3-laptop');
    await phone.screenshot('e3-phone');
    expect([...laptop.errors, ...phone.errors]).toEqual([]);
  });

  it('[E4] offline edits of the same task on two devices (title on one, status on the other) both survive everywhere', async () => {
    const { email, password, laptop, phone } = await twoDevices('e4');
    const onLaptop = appDriver(laptop.page);
    const onPhone = appDriver(phone.page);
    await onLaptop.add('Quarterly report');
    await onPhone.row('Quarterly report').waitFor({ timeout: 5000 });
    await onLaptop.waitForPending(0);
    await onPhone.waitForPending(0);

    await laptop.context.setOffline(true);
    await phone.context.setOffline(true);
    await poll(onLaptop.connection, (state) => state === 'offline', { what: 'laptop offline' });
    await poll(onPhone.connection, (state) => state === 'offline', { what: 'phone offline' });

    await onLaptop.edit('Quarterly report', { title: 'Quarterly report (final)' });
    await onPhone.edit('Quarterly report', { status: 'In progress' });
    await onLaptop.waitForPending(1);
    await onPhone.waitForPending(1);

    await laptop.context.setOffline(false);
    await onLaptop.waitForPending(0, 30_000);
    await phone.context.setOffline(false);
    await onPhone.waitForPending(0, 30_000);
    // The phone pushed second: its push conflicted, was merged, and says so.
    await phone.page.getByTestId('conflict-notice').waitFor({ timeout: 5000 });

    for (const device of [onLaptop, onPhone]) {
      const row = device.row('Quarterly report (final)');
      await row.waitFor({ timeout: 15_000 });
      await poll(
        () => row.locator('.meta').innerText(),
        (text) => text.includes('In progress'),
        { what: 'merged status', timeoutMs: 15_000 },
      );
    }
    const [onServer] = await serverTasksOf(server.url, email, password);
    expect(onServer).toMatchObject({ title: 'Quarterly report (final)', status: 'in_progress' });
    await laptop.screenshot('e4-laptop');
    await phone.screenshot('e4-phone');
    expect([...laptop.errors, ...phone.errors]).toEqual([]);
  });
});
