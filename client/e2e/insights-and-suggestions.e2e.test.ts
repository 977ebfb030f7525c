import { addDays } from '@tasklane/shared/domain/calendar-date';
import { localDateOf } from '@tasklane/shared/domain/due';
import { appSuite, DESKTOP } from './support/app-suite';
import { axeViolations } from './support/axe';
import { OFFLINE_NOISE, poll } from './support/browser';
import { zoneAwayFromMidnight } from './support/zone-away-from-midnight';

jest.setTimeout(120_000);

describe('e2e: insights, suggestions and What next (issue 16)', () => {
  const suite = appSuite();

  it('[IN3] Insights is a lazy screen computed from the device: offline it shows the streak, the charts and their tables, in light and dark', async () => {
    const phone = await suite.signedIn('insights', { viewport: DESKTOP, allowed: OFFLINE_NOISE, timeZone: zoneAwayFromMidnight() });
    for (const title of ['Water plants', 'Post letter', 'Book tickets']) await phone.rest.createTask({ title, status: 'done' });
    await phone.rest.createTask({ title: 'File taxes', priority: 'high' });
    await phone.app.row('File taxes').waitFor({ timeout: 15_000 });
    const loadedInsights = () =>
      phone.page.evaluate(() => performance.getEntriesByType('resource').some((entry) => /\/insights\.[0-9a-f]+\.js$/.test(entry.name)));
    expect(await loadedInsights()).toBe(false);

    await phone.device.context.setOffline(true);
    await poll(phone.app.connection, (state) => state === 'offline', { what: 'offline' });
    await phone.page.getByRole('navigation', { name: 'Lists' }).getByRole('link', { name: 'Insights' }).click();
    await phone.page.getByRole('heading', { name: 'Insights', level: 2 }).waitFor();
    await phone.page.getByText('1 day in a row with a completion').waitFor({ timeout: 15_000 });
    expect(await loadedInsights()).toBe(true);

    const perWeek = phone.page.getByRole('figure', { name: 'Completed per week' });
    await perWeek.getByText('As a table').click();
    const weekRows = await perWeek.getByRole('row').allInnerTexts();
    expect(weekRows).toHaveLength(13); // the header and 12 weeks
    expect(weekRows.at(-1)).toMatch(/\t3$/);
    const byPriority = phone.page.getByRole('figure', { name: 'Open tasks by priority' });
    await byPriority.getByText('As a table').click();
    expect(await byPriority.getByRole('row').allInnerTexts()).toEqual(['Priority\tOpen', 'High\t1', 'Medium\t0', 'Low\t0']);
    expect(await phone.page.getByRole('img', { name: 'Completed per day, last 12 weeks' }).count()).toBe(1);
    expect(await axeViolations(phone.page, 'Insights')).toEqual([]);

    const fill = () =>
      phone.page
        .locator('.chart svg')
        .first()
        .evaluate((svg) => getComputedStyle(svg).fill);
    const light = await fill();
    await phone.page.emulateMedia({ colorScheme: 'dark' });
    expect(await fill()).not.toBe(light);
    expect(await axeViolations(phone.page, 'Insights, dark')).toEqual([]);
    await phone.device.screenshot('in3-insights-dark');
  });

  it('[SG5] typing a title offers the list, tags and priority learned on the device; one tap takes each; the title goes nowhere while typing', async () => {
    const phone = await suite.signedIn('suggestions', { viewport: DESKTOP });
    const groceries = await phone.rest.createList({ name: 'Groceries', colour: 'green' });
    const things = ['milk', 'eggs', 'bread', 'coffee', 'rice', 'cheese', 'butter', 'tomatoes'];
    for (let index = 0; index < 24; index += 1) {
      await phone.rest.createTask({
        title: `Buy ${things[index % things.length]}`,
        listId: groceries.id,
        tags: ['shopping'],
        priority: 'low',
      });
    }
    for (const person of ['Anna', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid'])
      await phone.rest.createTask({ title: `Call ${person} about the budget` });
    await phone.app.row('Call Farid about the budget').waitFor({ timeout: 20_000 });

    const sent: string[] = [];
    phone.page.on('request', (request) => sent.push(`${request.url()} ${request.postData() ?? ''}`));
    phone.page.on('websocket', (socket) => socket.on('framesent', (frame) => sent.push(String(frame.payload))));
    const chips = phone.page.getByRole('group', { name: 'Suggestions' });
    // the worker learns once the synced tasks settle: type until its suggestion shows
    await poll(
      async () => {
        await phone.page.getByLabel('New task').fill('');
        await phone.page.getByLabel('New task').fill('Buy apples');
        await chips.getByRole('button', { name: 'In Groceries' }).waitFor({ timeout: 1500 });
        return true;
      },
      Boolean,
      { what: 'the suggestion of a list', timeoutMs: 30_000 },
    );
    expect(await chips.getByRole('button').allInnerTexts()).toEqual(['In Groceries', '#shopping', 'Low priority']);
    expect(await axeViolations(phone.page, 'suggestion chips')).toEqual([]);
    // [AY1] in the dark theme too (the chips' pressed and unpressed colours)
    await chips.getByRole('button', { name: '#shopping' }).click();
    await phone.page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(phone.page, 'suggestion chips, one taken, dark')).toEqual([]);
    await phone.page.emulateMedia({ colorScheme: 'light' });
    expect(await axeViolations(phone.page, 'suggestion chips, one taken')).toEqual([]);
    await chips.getByRole('button', { name: '#shopping' }).click();
    expect(sent.filter((entry) => entry.includes('apples'))).toEqual([]);

    await chips.getByRole('button', { name: 'In Groceries' }).click();
    await chips.getByRole('button', { name: '#shopping' }).click();
    expect(await chips.getByRole('button', { name: 'In Groceries' }).getAttribute('aria-pressed')).toBe('true');
    await phone.page.getByLabel('New task').press('Enter');
    const added = await poll(
      async () => (await phone.rest.tasks()).find((task) => task.title === 'Buy apples'),
      (task) => task !== undefined,
      { what: 'the new task on the server', timeoutMs: 15_000 },
    );
    expect(added).toMatchObject({ listId: groceries.id, tags: ['shopping'], priority: 'medium' });
  });

  it('[SG4] Today ordered as What next: overdue first, then due tomorrow, then high priority, then the rest, each saying why', async () => {
    // a zone where no day ends while the test runs: "tomorrow" and "4 days ago" are the device's
    const zone = zoneAwayFromMidnight();
    const today = localDateOf(Date.now(), zone);
    const phone = await suite.signedIn('what-next', { viewport: DESKTOP, timeZone: zone });
    await phone.rest.createTask({ title: 'Someday maybe', priority: 'low' });
    await phone.rest.createTask({ title: 'Call the bank', priority: 'high' });
    await phone.rest.createTask({ title: 'Pay rent', due: { date: addDays(today, 1) } });
    await phone.rest.createTask({ title: 'Renew passport', due: { date: addDays(today, -4) } });
    await phone.app.row('Someday maybe').waitFor({ timeout: 15_000 });
    await phone.page
      .getByRole('navigation', { name: 'Lists' })
      .getByRole('link', { name: /^Today/ })
      .click();
    await phone.page.getByRole('button', { name: 'What next' }).click();
    expect(await phone.page.getByRole('button', { name: 'What next' }).getAttribute('aria-pressed')).toBe('true');
    await phone.app.row('Someday maybe').waitFor();
    const titles = await phone.app.titles();
    expect(titles).toEqual(['Renew passport', 'Pay rent', 'Call the bank', 'Someday maybe']);
    expect(await phone.app.row('Renew passport').getByTestId('reason').textContent()).toBe('overdue 4 days');
    expect(await phone.app.row('Pay rent').getByTestId('reason').textContent()).toBe('due tomorrow');
    expect(await phone.app.row('Call the bank').getByTestId('reason').textContent()).toBe('high priority');
    expect(await phone.app.row('Someday maybe').getByTestId('reason').textContent()).toBe('no due, no rush');
    expect(await axeViolations(phone.page, 'What next')).toEqual([]);
  });
});
