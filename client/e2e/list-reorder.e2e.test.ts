import type { Locator, Page } from 'playwright-core';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { appSuite, DESKTOP } from './support/app-suite';
import { OFFLINE_NOISE, poll } from './support/browser';
import type { RestClient } from './support/rest-client';

jest.setTimeout(180_000);

/** The user's lists as the navigation shows them under "My lists". */
const shownOrder = (nav: Locator) => nav.getByRole('list', { name: 'My lists' }).locator('.nav-name').allInnerTexts();

/** The item of the list `name` in the navigation. */
const itemOf = (nav: Locator, name: string) =>
  nav
    .getByRole('list', { name: 'My lists' })
    .getByRole('listitem')
    .filter({ has: nav.page().getByText(name, { exact: true }) });

/** The lists other than the Inbox on the server, by their keys ([DM17]: key, then id), with the keys. */
async function serverOrder(rest: RestClient): Promise<{ names: string; keys: Map<string, string> }> {
  const lists = (await rest.lists()).filter((list) => !list.inbox);
  const sorted = [...lists].sort((a: TaskList, b: TaskList) => (a.order !== b.order ? (a.order < b.order ? -1 : 1) : a.id < b.id ? -1 : 1));
  return { names: sorted.map((list) => list.name).join(), keys: new Map(lists.map((list) => [list.name, list.order])) };
}

/** Drags the item of `name` by its handle (mouse pointer events, as a finger's would be) until the pointer is above `target`'s top. */
async function dragAbove(page: Page, nav: Locator, name: string, target: string): Promise<void> {
  const from = await itemOf(nav, name).locator('.drag-handle').boundingBox();
  const to = await itemOf(nav, target).boundingBox();
  if (!from || !to) throw new Error('the lists are not laid out');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, to.y + 4, { steps: 12 });
  await page.mouse.up();
}

/** The name of the list whose link has the focus. */
const focusedList = (page: Page) => page.evaluate(() => document.activeElement?.querySelector('.nav-name')?.textContent ?? null);

describe('e2e: reordering lists', () => {
  const suite = appSuite();

  it('[LO1] [LO2] in the phone drawer and the wide sidebar: Alt+ArrowUp/Down keeps the focus and is announced, a drag drops where shown, the Inbox stays first; one key per move, undone by Ctrl+Z', async () => {
    const { page, rest, device } = await suite.signedIn('lo-keys');
    for (const name of ['Home', 'Work', 'Trips']) await rest.createList({ name });
    const before = await serverOrder(rest);
    expect(before.names).toBe('Home,Work,Trips');
    await page.getByRole('button', { name: 'Lists', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: 'Lists' });
    await poll(
      () => shownOrder(drawer),
      (names) => names.join() === 'Home,Work,Trips',
      { what: 'the lists in the drawer' },
    );
    const announced = (text: string) =>
      poll(
        () => drawer.getByRole('status').innerText(),
        (said) => said.includes(text),
        { what: `"${text}" announced` },
      );

    // the keyboard: up twice, then down (React re-inserts an item moved down: the focus must come back)
    await itemOf(drawer, 'Trips').getByRole('link').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await poll(
      () => shownOrder(drawer),
      (names) => names.join() === 'Home,Trips,Work',
      { what: 'Trips up' },
    );
    await announced('Moved list ‘Trips’ to position 2 of 3.');
    expect(await focusedList(page)).toBe('Trips');
    await page.keyboard.press('Alt+ArrowUp');
    await poll(
      () => shownOrder(drawer),
      (names) => names.join() === 'Trips,Home,Work',
      { what: 'Trips first' },
    );
    await page.keyboard.press('Alt+ArrowDown');
    await poll(
      () => shownOrder(drawer),
      (names) => names.join() === 'Home,Trips,Work',
      { what: 'Trips down' },
    );
    await announced('Moved list ‘Trips’ to position 2 of 3.');
    expect(await focusedList(page)).toBe('Trips');
    // nothing goes above the Inbox, and the Inbox does not move
    await itemOf(drawer, 'Home').getByRole('link').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await drawer.getByRole('link', { name: /^Inbox/ }).focus();
    await page.keyboard.press('Alt+ArrowDown');
    expect(await drawer.getByRole('link').first().locator('.nav-name').innerText()).toBe('Inbox');
    expect((await shownOrder(drawer)).join()).toBe('Home,Trips,Work');
    // every move wrote Trips' key alone
    const moved = await poll(
      () => serverOrder(rest),
      (order) => order.names === 'Home,Trips,Work',
      { what: 'the order on the server' },
    );
    expect([moved.keys.get('Home'), moved.keys.get('Work')]).toEqual([before.keys.get('Home'), before.keys.get('Work')]);

    // undo: the last move, with the toast's words
    await page.keyboard.press('Control+z');
    await poll(
      () => shownOrder(drawer),
      (names) => names.join() === 'Trips,Home,Work',
      { what: 'the move undone' },
    );
    const undone = await poll(
      () => serverOrder(rest),
      (order) => order.names === 'Trips,Home,Work',
      { what: 'the undo on the server' },
    );
    await device.screenshot('lo-drawer');

    // a drag in the drawer: Work above Trips
    await dragAbove(page, drawer, 'Work', 'Trips');
    await poll(
      () => shownOrder(drawer),
      (names) => names.join() === 'Work,Trips,Home',
      { what: 'the drop in the drawer' },
    );
    await page.getByTestId('undo-toast').getByText('Moved list ‘Work’').waitFor();
    await announced('Moved list ‘Work’ to position 1 of 3.');
    await page.keyboard.press('Escape');

    // the sidebar on a wide screen: a drag, then the keyboard
    await page.setViewportSize(DESKTOP);
    const sidebar = page.locator('.sidebar').getByRole('navigation', { name: 'Lists' });
    await poll(
      () => shownOrder(sidebar),
      (names) => names.join() === 'Work,Trips,Home',
      { what: 'the lists in the sidebar' },
    );
    await dragAbove(page, sidebar, 'Home', 'Work');
    await poll(
      () => shownOrder(sidebar),
      (names) => names.join() === 'Home,Work,Trips',
      { what: 'the drop in the sidebar' },
    );
    await itemOf(sidebar, 'Work').getByRole('link').focus();
    await page.keyboard.press('Alt+ArrowDown');
    await poll(
      () => shownOrder(sidebar),
      (names) => names.join() === 'Home,Trips,Work',
      { what: 'Work down in the sidebar' },
    );
    expect(await focusedList(page)).toBe('Work');
    await sidebar.getByRole('status').getByText('Moved list ‘Work’ to position 3 of 3.').waitFor();
    const after = await poll(
      () => serverOrder(rest),
      (order) => order.names === 'Home,Trips,Work',
      { what: 'the final order on the server' },
    );
    // Trips did not move since the undo: no move renumbered it
    expect(after.keys.get('Trips')).toBe(undone.keys.get('Trips'));
    await device.screenshot('lo-sidebar');
  });

  it('[LO5] visible move buttons, in the phone drawer and the wide sidebar: each moves one step, keeps the focus (the link when an end disables it) and is announced; none on the Inbox or an archived list; one key per move', async () => {
    const { page, rest } = await suite.signedIn('lo-buttons');
    for (const name of ['Home', 'Work', 'Trips']) await rest.createList({ name });
    await rest.createList({ name: 'Old', archived: true });
    const before = await serverOrder(rest);
    expect(before.names).toBe('Home,Work,Trips,Old');
    await page.getByRole('button', { name: 'Lists', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: 'Lists' });
    await poll(
      () => shownOrder(drawer),
      (names) => names.join() === 'Home,Work,Trips',
      { what: 'the lists in the drawer' },
    );
    const button = (nav: Locator, name: string, way: 'up' | 'down') =>
      nav.getByRole('button', { name: `Move list “${name}” ${way}`, exact: true });
    const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    // the ends are disabled; the Inbox and the archived list have no buttons
    expect(await button(drawer, 'Home', 'up').isDisabled()).toBe(true);
    expect(await button(drawer, 'Trips', 'down').isDisabled()).toBe(true);
    expect(await button(drawer, 'Work', 'up').isEnabled()).toBe(true);
    await drawer.getByText('Archived (1)').click();
    await drawer.getByRole('link', { name: /^Old/ }).waitFor();
    expect(await drawer.getByRole('button', { name: /^Move list “(Inbox|Old)”/ }).count()).toBe(0);
    expect(await drawer.getByRole('button', { name: /^Move list/ }).count()).toBe(6);

    await button(drawer, 'Trips', 'up').click();
    await poll(
      () => shownOrder(drawer),
      (names) => names.join() === 'Home,Trips,Work',
      { what: 'Trips up by its button' },
    );
    await drawer.getByRole('status').getByText('Moved list ‘Trips’ to position 2 of 3.').waitFor();
    expect(await focusedLabel()).toBe('Move list “Trips” up');
    // to the top: its up button is disabled there, so the focus goes to its link
    await page.keyboard.press('Enter');
    await poll(
      () => shownOrder(drawer),
      (names) => names.join() === 'Trips,Home,Work',
      { what: 'Trips first by its button' },
    );
    expect(await button(drawer, 'Trips', 'up').isDisabled()).toBe(true);
    expect(await focusedList(page)).toBe('Trips');
    await page.getByTestId('undo-toast').getByText('Moved list ‘Trips’').waitFor();
    const moved = await poll(
      () => serverOrder(rest),
      (order) => order.names === 'Trips,Home,Work,Old',
      { what: 'the buttons’ moves on the server' },
    );
    for (const name of ['Home', 'Work', 'Old']) expect(moved.keys.get(name)).toBe(before.keys.get(name));
    await page.keyboard.press('Escape');

    // the sidebar on a wide screen: down to the end, where the focus goes to the link
    await page.setViewportSize(DESKTOP);
    const sidebar = page.locator('.sidebar').getByRole('navigation', { name: 'Lists' });
    await button(sidebar, 'Home', 'down').click();
    await poll(
      () => shownOrder(sidebar),
      (names) => names.join() === 'Trips,Work,Home',
      { what: 'Home down in the sidebar' },
    );
    await sidebar.getByRole('status').getByText('Moved list ‘Home’ to position 3 of 3.').waitFor();
    expect(await focusedList(page)).toBe('Home');
    const after = await poll(
      () => serverOrder(rest),
      (order) => order.names === 'Trips,Work,Home,Old',
      { what: 'the sidebar’s move on the server' },
    );
    for (const name of ['Trips', 'Work', 'Old']) expect(after.keys.get(name)).toBe(moved.keys.get(name));
  });

  it('[LO3] two offline devices reorder different lists: both moves survive, one order everywhere, no list renumbered', async () => {
    const laptop = await suite.signedIn('lo-laptop', { viewport: DESKTOP, allowed: OFFLINE_NOISE });
    const phone = await suite.signedIn('lo-phone', { user: laptop.user, allowed: OFFLINE_NOISE });
    for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta']) await laptop.rest.createList({ name });
    const before = await serverOrder(laptop.rest);
    const sidebar = laptop.page.locator('.sidebar').getByRole('navigation', { name: 'Lists' });
    await poll(
      () => shownOrder(sidebar),
      (names) => names.join() === 'Alpha,Bravo,Charlie,Delta',
      { what: 'the lists on the laptop' },
    );
    await phone.page.getByRole('button', { name: 'Lists', exact: true }).click();
    const drawer = phone.page.getByRole('dialog', { name: 'Lists' });
    await poll(
      () => shownOrder(drawer),
      (names) => names.join() === 'Alpha,Bravo,Charlie,Delta',
      { what: 'the lists on the phone' },
    );

    await laptop.device.context.setOffline(true);
    await phone.device.context.setOffline(true);
    await poll(laptop.app.connection, (state) => state === 'offline', { what: 'laptop offline' });
    await poll(phone.app.connection, (state) => state === 'offline', { what: 'phone offline' });
    // laptop: Delta dragged to the top; phone: Alpha down one, by the keyboard
    await dragAbove(laptop.page, sidebar, 'Delta', 'Alpha');
    await poll(
      () => shownOrder(sidebar),
      (names) => names.join() === 'Delta,Alpha,Bravo,Charlie',
      { what: 'the drop on the laptop' },
    );
    await itemOf(drawer, 'Alpha').getByRole('link').focus();
    await phone.page.keyboard.press('Alt+ArrowDown');
    await poll(
      () => shownOrder(drawer),
      (names) => names.join() === 'Bravo,Alpha,Charlie,Delta',
      { what: 'the move on the phone' },
    );
    expect((await serverOrder(laptop.rest)).names).toBe('Alpha,Bravo,Charlie,Delta');

    await laptop.device.context.setOffline(false);
    await phone.device.context.setOffline(false);
    const merged = 'Delta,Bravo,Alpha,Charlie';
    const after = await poll(
      () => serverOrder(laptop.rest),
      (order) => order.names === merged,
      { what: 'both moves on the server', timeoutMs: 30_000 },
    );
    await poll(
      () => shownOrder(sidebar),
      (names) => names.join() === merged,
      { what: 'the merged order on the laptop', timeoutMs: 30_000 },
    );
    await poll(
      () => shownOrder(drawer),
      (names) => names.join() === merged,
      { what: 'the merged order on the phone', timeoutMs: 30_000 },
    );
    // each device wrote one key, for the list it moved
    for (const name of ['Bravo', 'Charlie']) expect(after.keys.get(name)).toBe(before.keys.get(name));
    for (const name of ['Alpha', 'Delta']) expect(after.keys.get(name)).not.toBe(before.keys.get(name));
    await laptop.device.screenshot('lo-merged-laptop');
    await phone.device.screenshot('lo-merged-phone');
  });
});
