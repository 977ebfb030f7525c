import type { Page } from 'playwright-core';
import { addDays, epochDayOfDate } from '@tasklane/shared/domain/calendar-date';
import { localDateOf } from '@tasklane/shared/domain/due';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { instantOfLocal } from '@tasklane/shared/domain/zoned-time';
import { appSuite, DESKTOP } from './support/app-suite';
import { poll } from './support/browser';
import { zoneAwayFromMidnight } from './support/zone-away-from-midnight';

jest.setTimeout(120_000);

/** Inside a modal drawer or dialog? */
const focusInside = (page: Page, selector: string) =>
  page.evaluate((css) => document.querySelector(css)?.contains(document.activeElement) ?? false, selector);

describe('e2e: lists, Today and Upcoming', () => {
  const suite = appSuite();
  /** A new account, signed in on a new phone-sized browser (by default) whose zone is `timeZone` (the context's emulation). */
  const signedIn = (name: string, options: Parameters<typeof suite.signedIn>[1] = {}) => suite.signedIn(`nv-${name}`, options);

  it('[NV1] [NV2] [NV3] lists in the drawer: create, add into, move between, rename, recolour, archive, delete; reload and Back keep the view', async () => {
    const { page, app, rest, device } = await signedIn('lists');
    const menu = page.getByRole('button', { name: 'Lists', exact: true });
    const drawer = page.getByRole('dialog', { name: 'Lists' });
    const heading = page.locator('#view-heading');
    const openDrawer = async () => {
      await menu.click();
      await drawer.waitFor();
    };

    // the drawer: a modal dialog holding the focus, closed by Escape, the focus back on its button
    await heading.getByText('Inbox').waitFor();
    await openDrawer();
    expect(await focusInside(page, 'dialog.drawer')).toBe(true);
    for (let i = 0; i < 12; i += 1) await page.keyboard.press('Tab');
    expect(await focusInside(page, 'dialog.drawer')).toBe(true);
    for (const name of [/^Inbox 0 open$/, /^Today 0 open$/, /^Upcoming 0 open$/]) await drawer.getByRole('link', { name }).waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    expect(await menu.evaluate((button) => button === document.activeElement)).toBe(true);

    // a new list, opened at once; a task added there belongs to it
    await openDrawer();
    await drawer.getByRole('button', { name: '+ New list' }).click();
    const create = page.getByRole('dialog', { name: 'New list' });
    await create.getByLabel('Name').fill('Work');
    await create.getByLabel('Green').check();
    await create.getByRole('button', { name: 'Create list' }).click();
    await heading.getByText('Work').waitFor();
    const workId = decodeURIComponent(/#\/list\/(.+)$/.exec(page.url())![1]!);
    await app.add('Write slides');
    const slides = await poll(
      async () => (await rest.tasks()).find((task) => task.title === 'Write slides'),
      (task) => task !== undefined,
      { what: 'the task on the server' },
    );
    expect(slides!.listId).toBe(workId);
    const work = (await rest.list(workId)).body as TaskList;
    expect([work.name, work.colour, work.archived]).toEqual(['Work', 'green', false]);
    await openDrawer();
    await drawer.getByRole('link', { name: 'Work 1 open' }).waitFor();
    await page.keyboard.press('Escape');

    // moved to the Inbox by another device (REST): it leaves this list and shows in the Inbox
    await rest.patchTask(slides!.id, { listId: 'inbox' });
    await app.row('Write slides').waitFor({ state: 'detached' });
    await page.getByText('No tasks yet. Add one above.').waitFor();
    await openDrawer();
    await drawer.getByRole('link', { name: /^Inbox 1 open$/ }).click();
    await drawer.waitFor({ state: 'hidden' });
    await app.row('Write slides').waitFor();
    expect(page.url()).toMatch(/#\/list\/inbox$/);
    // moved back by this device, with the editor's list picker
    await page.getByRole('button', { name: 'Edit “Write slides”', exact: true }).click();
    const editor = page.getByRole('dialog', { name: 'Edit task' });
    await editor.getByLabel('List', { exact: true }).selectOption({ label: 'Work' });
    await editor.getByRole('button', { name: 'Save' }).click();
    await app.row('Write slides').waitFor({ state: 'detached' });
    await poll(
      async () => (await rest.tasks()).find((task) => task.title === 'Write slides')?.listId,
      (listId) => listId === workId,
      { what: 'the task moved back on the server' },
    );
    // Back returns to the list, a reload keeps it
    await page.goBack();
    await heading.getByText('Work').waitFor();
    await app.row('Write slides').waitFor();
    await page.reload();
    await heading.getByText('Work').waitFor();
    await app.row('Write slides').waitFor();

    // rename and recolour
    await page.getByRole('button', { name: 'Edit list' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit “Work”' });
    await edit.getByLabel('Name').fill('Work stuff');
    await edit.getByLabel('Purple').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await heading.getByText('Work stuff').waitFor();
    await poll(
      async () => (await rest.list(workId)).body as TaskList,
      (list) => list.name === 'Work stuff' && list.colour === 'purple',
      { what: 'the renamed list on the server' },
    );

    // archived: under "Archived", collapsed; unarchived: back among the lists
    await page.getByRole('button', { name: 'Edit list' }).click();
    await page.getByRole('button', { name: 'Archive list' }).click();
    await heading.getByText('Archived').waitFor();
    await openDrawer();
    expect(await drawer.getByRole('link', { name: /^Work stuff/ }).isVisible()).toBe(false);
    await drawer.getByText('Archived (1)').click();
    await drawer.getByRole('link', { name: 'Work stuff 1 open' }).waitFor();
    await page.keyboard.press('Escape');
    await poll(async () => ((await rest.list(workId)).body as TaskList).archived, Boolean, { what: 'the list archived on the server' });
    await page.getByRole('button', { name: 'Edit list' }).click();
    await page.getByRole('button', { name: 'Unarchive list' }).click();
    await heading.getByText('Archived').waitFor({ state: 'detached' });

    // deleted, its tasks moved to the Inbox
    await app.add('Keep me');
    await page.getByRole('button', { name: 'Edit list' }).click();
    await page.getByRole('button', { name: 'Delete list…' }).click();
    const remove = page.getByRole('dialog', { name: 'Delete “Work stuff”?' });
    await remove.getByText('It has 2 tasks, done ones included.').waitFor();
    expect(await remove.getByLabel('Move them to the Inbox').isChecked()).toBe(true);
    await remove.getByRole('button', { name: 'Delete list' }).click();
    await heading.getByText('Inbox').waitFor();
    await app.row('Keep me').waitFor();
    await app.row('Write slides').waitFor();
    await poll(
      async () => (await rest.list(workId)).status,
      (status) => status === 404,
      { what: 'the list gone from the server' },
    );
    await poll(
      async () =>
        (await rest.tasks())
          .filter((task) => task.listId === 'inbox')
          .map((task) => task.title)
          .sort(),
      (titles) => titles.join() === 'Keep me,Write slides',
      { what: 'the moved tasks on the server' },
    );

    // deleted with its tasks
    await openDrawer();
    await drawer.getByRole('button', { name: '+ New list' }).click();
    await page.getByRole('dialog', { name: 'New list' }).getByLabel('Name').fill('Errands');
    await page.getByRole('button', { name: 'Create list' }).click();
    await heading.getByText('Errands').waitFor();
    await app.add('Buy stamps');
    await page.getByRole('button', { name: 'Edit list' }).click();
    await page.getByRole('button', { name: 'Delete list…' }).click();
    await page.getByLabel('Delete it too').check();
    await page.getByRole('button', { name: 'Delete list', exact: true }).click();
    await heading.getByText('Inbox').waitFor();
    await poll(
      async () => (await rest.tasks()).map((task) => task.title),
      (titles) => !titles.includes('Buy stamps') && titles.includes('Keep me'),
      { what: 'the deleted task gone from the server' },
    );
    expect(await app.titles()).toEqual(expect.not.arrayContaining(['Buy stamps']));

    // the Inbox can be renamed and recoloured, never archived or deleted
    await page.getByRole('button', { name: 'Edit list' }).click();
    const inbox = page.getByRole('dialog', { name: /^Edit “Inbox”$/ });
    await inbox.getByLabel('Name').waitFor();
    expect(await inbox.getByRole('button', { name: /Archive|Delete/ }).count()).toBe(0);
    await inbox.getByRole('button', { name: 'Cancel' }).click();
    await device.screenshot('nv-lists');
  });

  it('[NV4] Today and Upcoming show the right tasks in the browser zone, overdue apart; quick add there is due today', async () => {
    const zone = zoneAwayFromMidnight();
    const { page, app, rest, device } = await signedIn('views', { timeZone: zone });
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(zone);
    const today = localDateOf(Date.now(), zone);
    const at = (date: string, hhmm: string) => {
      const [h, m] = hhmm.split(':').map(Number);
      return {
        at: new Date(instantOfLocal({ epochDay: epochDayOfDate(date), msOfDay: (h! * 60 + m!) * 60_000 }, zone)).toISOString(),
        timeZone: zone,
      };
    };
    const seeded: [string, Record<string, unknown>][] = [
      ['Yesterday’s report', { due: { date: addDays(today, -1) } }],
      ['Early call', { due: at(today, '00:30') }],
      ['Date today', { due: { date: today } }],
      ['Late call', { due: at(today, '23:30') }],
      ['In three days', { due: { date: addDays(today, 3) } }],
      ['In six days', { due: at(addDays(today, 6), '12:00') }],
      ['In eight days', { due: { date: addDays(today, 8) } }],
      ['No due', {}],
      ['Done today', { due: { date: today }, status: 'done' }],
    ];
    for (const [title, fields] of seeded) await rest.createTask({ title, ...fields });
    await app.row('No due').waitFor();

    await page.getByRole('button', { name: 'Lists', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: 'Lists' });
    await drawer.getByRole('link', { name: 'Today 4 open' }).waitFor();
    await drawer.getByRole('link', { name: 'Upcoming 5 open' }).waitFor();
    await drawer.getByRole('link', { name: /^Today/ }).click();
    expect(page.url()).toMatch(/#\/today$/);
    const section = (name: string) => page.getByRole('region', { name });
    const titlesIn = (name: string) => section(name).locator('.task-title').allInnerTexts();
    await section('Overdue (2)').waitFor();
    expect(await titlesIn('Overdue (2)')).toEqual(['Yesterday’s report', 'Early call']);
    expect(await titlesIn('Due today (2)')).toEqual(['Date today', 'Late call']);
    await device.screenshot('nv-today');

    // quick add in Today: due today, in the Inbox
    await app.add('Added in Today');
    // a day's date-only tasks (newest first) before its timed ones (by time)
    expect(await titlesIn('Due today (3)')).toEqual(['Added in Today', 'Date today', 'Late call']);
    const added = await poll(
      async () => (await rest.tasks()).find((task) => task.title === 'Added in Today'),
      (task) => task !== undefined,
      { what: 'the task added in Today on the server' },
    );
    expect([added!.due, added!.listId]).toEqual([{ date: today }, 'inbox']);

    await page.goto(`${suite.server.url}/#/upcoming`);
    const headings = page.locator('.view-section h3');
    await headings.first().waitFor();
    const dayName = (date: string) =>
      new Intl.DateTimeFormat('en-US', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.parse(date));
    expect(await headings.allInnerTexts()).toEqual([
      `Today, ${dayName(today)} (4)`,
      `${dayName(addDays(today, 3))} (1)`,
      `${dayName(addDays(today, 6))} (1)`,
    ]);
    expect(await titlesIn(`Today, ${dayName(today)} (4)`)).toEqual(['Added in Today', 'Date today', 'Early call', 'Late call']);
    expect(await app.titles()).toEqual(expect.not.arrayContaining(['In eight days', 'No due', 'Done today', 'Yesterday’s report']));
    await device.screenshot('nv-upcoming');
  });

  it('[NV5] tags are chips that filter; the active tag is a removable chip; search matches tags', async () => {
    const { page, app, rest } = await signedIn('tags');
    await rest.createTask({ title: 'Draft the budget', tags: ['work', 'money'] });
    await rest.createTask({ title: 'Water the plants', tags: ['home'] });
    await rest.createTask({ title: 'Pay the invoice', tags: ['money'] });
    await app.row('Pay the invoice').waitFor();
    const tags = page.getByRole('group', { name: 'Filter by tag' });
    await tags.getByRole('button', { name: 'Show tasks tagged #money' }).click();
    await app.row('Water the plants').waitFor({ state: 'detached' });
    expect((await app.titles()).sort()).toEqual(['Draft the budget', 'Pay the invoice']);
    await tags.getByRole('button', { name: 'Show tasks tagged #work' }).click();
    await poll(app.titles, (titles) => titles.length === 1, { what: 'the work tag alone' });
    expect(await app.titles()).toEqual(['Draft the budget']);
    await tags.getByRole('button', { name: 'Remove the filter by tag #work' }).click();
    await poll(app.titles, (titles) => titles.length === 3, { what: 'every task again' });
    // a row's tag is a chip too
    await app.row('Water the plants').getByRole('button', { name: 'Show tasks tagged #home' }).click();
    await poll(app.titles, (titles) => titles.length === 1, { what: 'the home tag alone' });
    expect(await app.titles()).toEqual(['Water the plants']);
    await tags.getByRole('button', { name: 'Remove the filter by tag #home' }).click();
    await poll(app.titles, (titles) => titles.length === 3, { what: 'every task again' });
    await page.getByLabel('Search tasks').fill('#home');
    await poll(app.titles, (titles) => titles.length === 1, { what: 'the search by tag' });
    expect(await app.titles()).toEqual(['Water the plants']);
  });

  it('[NV2] on a wide screen the lists are a sidebar, not a drawer', async () => {
    const { page, rest } = await signedIn('sidebar', { viewport: DESKTOP });
    await rest.createTask({
      title: 'Due today',
      due: { date: localDateOf(Date.now(), await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)) },
    });
    const sidebar = page.locator('.sidebar').getByRole('navigation', { name: 'Lists' });
    await sidebar.getByRole('link', { name: 'Today 1 open' }).click();
    expect(page.url()).toMatch(/#\/today$/);
    await page.getByRole('region', { name: 'Due today (1)' }).waitFor();
    expect(await page.getByRole('button', { name: 'Lists', exact: true }).count()).toBe(0);
    // narrower than 900 px: the drawer's button comes back
    await page.setViewportSize({ width: 800, height: 800 });
    await page.getByRole('button', { name: 'Lists', exact: true }).waitFor();
    expect(await sidebar.count()).toBe(0);
  });
});
