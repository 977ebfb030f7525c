import type { CDPSession, Page } from 'playwright-core';
import { api } from '@tasklane/testkit/api-client';
import type { Task } from '@tasklane/shared/domain/task';
import { appDriver } from './support/app-driver';
import { appSuite, PHONE } from './support/app-suite';
import { poll } from './support/browser';

jest.setTimeout(120_000);

/**
 * A finger drags a row by its handle until it is above `target`'s top: raw touch input through the DevTools protocol
 * (Playwright's touchscreen can only tap), so the page gets the touch events and the pointer events Chromium makes of them.
 */
async function touchDragAbove(page: Page, cdp: CDPSession, title: string, target: string): Promise<void> {
  const app = appDriver(page);
  const from = await app.row(title).locator('.drag-handle').boundingBox();
  const to = await app.row(target).boundingBox();
  if (!from || !to) throw new Error('rows not laid out');
  const x = from.x + from.width / 2;
  const startY = from.y + from.height / 2;
  const endY = to.y + 4;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: startY }] });
  for (let step = 1; step <= 12; step += 1) {
    const y = startY + ((endY - startY) * step) / 12;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

describe('e2e: drag reorder by touch', () => {
  const suite = appSuite();

  it('[ED8] a finger drags a row by its handle on a phone; the new order survives a reload and is the order on the server', async () => {
    const { device, page, app, user, rest } = await suite.signedIn('ed-touch', { viewport: PHONE, hasTouch: true });
    expect(await page.evaluate(() => navigator.maxTouchPoints)).toBeGreaterThan(0);

    const list = await rest.createList({ name: 'Groceries' });
    await app.openList(suite.server.url, list.id, 'Groceries');
    // never placed by hand: newest first; the move buttons then give every row a key
    for (const title of ['Delta', 'Charlie', 'Bravo', 'Alpha']) await app.add(title);
    await page.getByRole('button', { name: 'Move “Delta” up' }).click();
    await poll(app.titles, (titles) => titles.join() === 'Alpha,Bravo,Delta,Charlie', { what: 'Delta moved up' });
    await page.getByRole('button', { name: 'Move “Charlie” up' }).click();
    await poll(app.titles, (titles) => titles.join() === 'Alpha,Bravo,Charlie,Delta', { what: 'Charlie moved up' });
    await app.waitForPending(0);

    // which kinds of pointer reached the handles: the drop must come from a touch, not an emulated mouse
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { pointerTypes: string[] }).pointerTypes = seen;
      document.addEventListener('pointerdown', (event) => seen.push(event.pointerType), { capture: true });
    });
    const cdp = await device.context.newCDPSession(page);
    await touchDragAbove(page, cdp, 'Delta', 'Alpha');
    const moved = 'Delta,Alpha,Bravo,Charlie';
    await poll(app.titles, (titles) => titles.join() === moved, { what: 'the touch drop in the list' });
    expect(await page.evaluate(() => (window as unknown as { pointerTypes: string[] }).pointerTypes)).toEqual(['touch']);
    await app.waitForPending(0);

    await page.reload();
    await page.getByTestId('pending-count').waitFor();
    await poll(app.titles, (titles) => titles.length === 4, { what: 'the list after the reload' });
    expect((await app.titles()).join()).toBe(moved);

    const answer = await api(suite.server.url, 'GET', `/api/tasks?listId=${list.id}`, { token: user.accessToken });
    expect(answer.status).toBe(200);
    const onServer = (answer.body as { tasks: Task[] }).tasks;
    expect(onServer.every((task) => task.order !== null && task.listId === list.id)).toBe(true);
    const byKey = [...onServer].sort((a, b) => (a.order! < b.order! ? -1 : a.order! > b.order! ? 1 : a.id < b.id ? -1 : 1));
    expect(byKey.map((task) => task.title).join()).toBe(moved);
    await device.screenshot('ed-touch-reorder');
  });
});
