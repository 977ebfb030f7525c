import type { Page } from 'playwright-core';
import { appDriver } from './support/app-driver';
import { appSuite } from './support/app-suite';
import { OFFLINE_NOISE, poll } from './support/browser';
import { serverTasksOf } from './support/server-api';

jest.setTimeout(180_000);

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
  const suite = appSuite();

  it('[ED7] [ED8] a drag on one offline device and a keyboard move on another both survive, in the same order everywhere', async () => {
    const { device: laptop, app: onLaptop, user } = await suite.signedIn('ed-order-laptop', { allowed: OFFLINE_NOISE });
    const { device: phone, app: onPhone } = await suite.signedIn('ed-order-phone', { allowed: OFFLINE_NOISE, user });
    const tasksOnServer = () => serverTasksOf(suite.server.url, user.email, user.password);

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
    const placed = await tasksOnServer();
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
    const onServer = await tasksOnServer();
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
