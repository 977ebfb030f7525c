import { appSuite } from './support/app-suite';
import { poll } from './support/browser';

jest.setTimeout(120_000);

describe('e2e: the editor’s Reminders', () => {
  const suite = appSuite();

  it('[RM8] reminders are added, read and removed in the editor, saved with it, and the row shows a bell', async () => {
    const { page, app, rest } = await suite.signedIn('rm-editor', { timeZone: 'Europe/Berlin' });
    await app.add('Dentist');
    const edit = async () => {
      await page.getByRole('button', { name: 'Edit “Dentist”', exact: true }).click();
      return page.getByRole('dialog', { name: 'Edit task' });
    };
    let dialog = await edit();
    await dialog.getByLabel('Add a reminder').selectOption({ label: '10 min before' });
    // A span before a due needs a due with a time.
    await dialog.getByText('(needs a due time)').waitFor();
    await dialog.getByLabel('Date', { exact: true }).fill('2030-05-06');
    await dialog.getByLabel('Time (optional)').fill('09:00');
    await dialog.getByText('(needs a due time)').waitFor({ state: 'detached' });
    await dialog.getByLabel('Add a reminder').selectOption({ label: 'At a date and time…' });
    await dialog.getByLabel('Remind at').fill('2030-05-05T20:30');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByLabel('Add a reminder').selectOption({ label: '1 day before' });
    await dialog.getByText('Sun 5 May 20:30').waitFor();
    await dialog.getByRole('button', { name: 'Remove reminder 1 day before' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    await app.row('Dentist').getByTestId('reminder').waitFor();
    await app.waitForPending(0);
    const onServer = await poll(
      async () => (await rest.tasks()).find((task) => task.title === 'Dentist'),
      (task) => (task?.reminders.length ?? 0) === 2,
      { what: 'the reminders on the server' },
    );
    expect(onServer!.due).toEqual({ at: '2030-05-06T07:00:00.000Z', timeZone: 'Europe/Berlin' });
    expect(onServer!.reminders.map((reminder) => ('at' in reminder ? reminder.at : reminder.before)).sort()).toEqual([
      '2030-05-05T18:30:00.000Z',
      'PT10M',
    ]);

    // Removing both takes the bell away.
    dialog = await edit();
    await dialog.getByRole('button', { name: 'Remove reminder 10 min before' }).click();
    await dialog.getByRole('button', { name: 'Remove reminder Sun 5 May 20:30' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await app.row('Dentist').getByTestId('reminder').waitFor({ state: 'detached' });
  });
});
