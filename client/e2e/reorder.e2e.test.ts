import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { appDriver } from './support/app-driver';
import { CLIENT_DIST, OFFLINE_NOISE, openDevice, poll, type Device } from './support/browser';
import { serverTasksOf } from './support/server-api';

jest.setTimeout(180_000);

const PHONE = { width: 390, height: 844 };
const PASSWORD = 'correct horse battery';

/** Drags a row by its handle (mouse pointer events, as a finger's would be) until the pointer is above `target`'s top. */
async function dragAbove(page: Page, title: string, target: string): Promise<void> {
  const app = appDriver(page);
  const handle = app.row(title).locator('.drag-handle');
  const from = await handle.boundingBox();
  const to = await app.row(target).boundingBox();
  if (!from || !to) throw new Error('rows not laid out');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, to.y + 4, { steps: 12 });
  await page.mouse.up();
}

describe('e2e: manual order', () => {
  let server: TestServer;
  const devices: Device[] = [];

  beforeAll(async () => {
    server = await startTestServer({ clientDistDir: CLIENT_DIST });
  });
  afterEach(async () => {
    for (const device of devices.splice(0)) {
      expect(device.errors).toEqual([]);
      await device.close();
    }
  });
  afterAll(async () => {
    await server.close();
  });

  const open = async (name: string) => {
    const device = await openDevice(name, OFFLINE_NOISE, { viewport: PHONE });
    devices.push(device);
    return device;
  };

  it('[ED7] [ED8] a drag on one offline device and a keyboard move on another both survive, in the same order everywhere', async () => {
    const email = `ed-order-${randomUUID()}@example.com`;
    const laptop = await open('ed-order-laptop');
    const phone = await open('ed-order-phone');
    const onLaptop = appDriver(laptop.page);
    const onPhone = appDriver(phone.page);
    await onLaptop.signUp(server.url, email, PASSWORD);
    await onPhone.signIn(server.url, email, PASSWORD);

    // never placed by hand: newest first
    for (const title of ['Delta', 'Charlie', 'Bravo', 'Alpha']) await onLaptop.add(title);
    expect(await onLaptop.titles()).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
    // the move buttons place the rows: Delta up, then Charlie up
    await laptop.page.getByRole('button', { name: 'Move “Delta” up' }).click();
    await poll(onLaptop.titles, (titles) => titles.join() === 'Alpha,Bravo,Delta,Charlie', { what: 'Delta moved up' });
    await laptop.page.getByRole('button', { name: 'Move “Charlie” up' }).click();
    await poll(onLaptop.titles, (titles) => titles.join() === 'Alpha,Bravo,Charlie,Delta', { what: 'Charlie moved up' });
    // the moved row keeps the focus, for the next press
    expect(await laptop.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move “Charlie” up');
    await onLaptop.waitForPending(0);
    await poll(onPhone.titles, (titles) => titles.join() === 'Alpha,Bravo,Charlie,Delta', { what: 'the order on the phone' });
    await onPhone.waitForPending(0);
    const placed = await serverTasksOf(server.url, email, PASSWORD);
    expect(placed.every((task) => task.order !== null)).toBe(true);

    await laptop.context.setOffline(true);
    await phone.context.setOffline(true);
    await poll(onLaptop.connection, (state) => state === 'offline', { what: 'laptop offline' });
    await poll(onPhone.connection, (state) => state === 'offline', { what: 'phone offline' });

    // laptop: Delta dragged to the top
    await dragAbove(laptop.page, 'Delta', 'Alpha');
    await poll(onLaptop.titles, (titles) => titles.join() === 'Delta,Alpha,Bravo,Charlie', { what: 'the drop on the laptop' });
    await onLaptop.waitForPending(1);
    // phone: Bravo moved down with Alt+ArrowDown on its focused row, announced
    await onPhone.row('Bravo').getByRole('button', { name: 'Edit “Bravo”', exact: true }).focus();
    await phone.page.keyboard.press('Alt+ArrowDown');
    await poll(onPhone.titles, (titles) => titles.join() === 'Alpha,Charlie,Bravo,Delta', { what: 'the keyboard move on the phone' });
    await poll(
      () => phone.page.getByTestId('edit-announcer').innerText(),
      (text) => text.includes('Moved ‘Bravo’ to position 3 of 4.'),
      {
        what: 'the move announced',
      },
    );
    await onPhone.waitForPending(1);

    await laptop.context.setOffline(false);
    await onLaptop.waitForPending(0, 30_000);
    await phone.context.setOffline(false);
    await onPhone.waitForPending(0, 30_000);

    // each device wrote one key for its own row: both moves kept, one order on every device and the server
    const merged = 'Delta,Alpha,Charlie,Bravo';
    await poll(onLaptop.titles, (titles) => titles.join() === merged, { what: 'the merged order on the laptop' });
    await poll(onPhone.titles, (titles) => titles.join() === merged, { what: 'the merged order on the phone' });
    const onServer = await serverTasksOf(server.url, email, PASSWORD);
    const byKey = [...onServer].sort((a, b) => (a.order! < b.order! ? -1 : a.order! > b.order! ? 1 : a.id < b.id ? -1 : 1));
    expect(byKey.map((task) => task.title).join()).toBe(merged);
    // only the moved rows changed their keys
    const keyOf = (tasks: typeof onServer, title: string) => tasks.find((task) => task.title === title)!.order;
    expect(keyOf(onServer, 'Alpha')).toBe(keyOf(placed, 'Alpha'));
    expect(keyOf(onServer, 'Charlie')).toBe(keyOf(placed, 'Charlie'));
    await laptop.screenshot('ed-order-laptop');
    await phone.screenshot('ed-order-phone');
  });
});
