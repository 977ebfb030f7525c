import { addDays } from '@tasklane/shared/domain/calendar-date';
import { localDateOf } from '@tasklane/shared/domain/due';
import { appSuite } from './support/app-suite';
import { OFFLINE_NOISE, poll } from './support/browser';
import { serverTasksOf } from './support/server-api';
import { zoneAwayFromMidnight } from './support/zone-away-from-midnight';

jest.setTimeout(180_000);

describe('e2e: recurring tasks', () => {
  const suite = appSuite();

  it('[ED3] [ED5] completed on two offline devices, a recurring task advances once after both reconnect', async () => {
    const zone = zoneAwayFromMidnight();
    const today = localDateOf(Date.now(), zone);
    const { device: laptop, app: onLaptop, user } = await suite.signedIn('ed-rec-laptop', { allowed: OFFLINE_NOISE, timeZone: zone });
    const { device: phone, app: onPhone } = await suite.signedIn('ed-rec-phone', { allowed: OFFLINE_NOISE, timeZone: zone, user });
    const tasksOnServer = () => serverTasksOf(suite.server.url, user.email, user.password);

    // a daily rule on a task without a due: the editor sets today and says so
    await onLaptop.add('Water plants');
    await laptop.page.getByRole('button', { name: 'Edit “Water plants”', exact: true }).click();
    const dialog = laptop.page.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByLabel('Repeats').selectOption('daily');
    await dialog.getByText('A repeating task needs a due date, so it is set to today.').waitFor();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const laptopRow = onLaptop.row('Water plants');
    await poll(
      () => laptopRow.getByTestId('repeat').innerText(),
      (text) => text.includes('Every day'),
      { what: 'the repeat summary' },
    );
    expect(await laptopRow.getByTestId('due').innerText()).toContain('Today');
    await laptop.page.getByTestId('undo-toast').getByText('Edited ‘Water plants’').waitFor();

    await onLaptop.waitForPending(0);
    const phoneRow = onPhone.row('Water plants');
    await poll(
      () =>
        phoneRow
          .getByTestId('repeat')
          .innerText()
          .catch(() => ''),
      (text) => text.includes('Every day'),
      {
        what: 'the series on the phone',
      },
    );
    await onPhone.waitForPending(0);
    const [before] = await tasksOnServer();
    expect(before).toMatchObject({ title: 'Water plants', due: { date: today }, occurrence: 0, status: 'todo' });

    await laptop.context.setOffline(true);
    await phone.context.setOffline(true);
    await poll(onLaptop.connection, (state) => state === 'offline', { what: 'laptop offline' });
    await poll(onPhone.connection, (state) => state === 'offline', { what: 'phone offline' });

    // the same occurrence completed on both: each advances to tomorrow and says so
    for (const [app, page] of [
      [onLaptop, laptop.page],
      [onPhone, phone.page],
    ] as const) {
      await app.toggle('Water plants');
      await poll(
        () => page.getByTestId('edit-announcer').innerText(),
        (text) => text.includes('Next: Tomorrow'),
        { what: 'the next due announced' },
      );
      await poll(
        () => app.row('Water plants').getByTestId('due').innerText(),
        (text) => text.includes('Tomorrow'),
        { what: 'the row due tomorrow' },
      );
      expect(await app.row('Water plants').getByRole('checkbox').isChecked()).toBe(false);
      await app.waitForPending(1);
    }

    await laptop.context.setOffline(false);
    await onLaptop.waitForPending(0, 30_000);
    await phone.context.setOffline(false);
    await onPhone.waitForPending(0, 30_000);

    const tomorrow = addDays(today, 1);
    const [after] = await poll(
      () => tasksOnServer(),
      (tasks) => tasks[0]?.occurrence === 1,
      { what: 'the completion on the server' },
    );
    // advanced once: occurrence 1, due tomorrow — not the day after
    expect(after).toMatchObject({ occurrence: 1, due: { date: tomorrow }, status: 'todo', completedAt: null });
    for (const app of [onLaptop, onPhone]) {
      await poll(
        () => app.row('Water plants').getByTestId('due').innerText(),
        (text) => text.includes('Tomorrow'),
        {
          what: 'both devices on tomorrow',
        },
      );
    }
    await laptop.screenshot('ed-recurring-laptop');
    await phone.screenshot('ed-recurring-phone');
  });
});
