import { randomUUID } from 'node:crypto';
import { addDays } from '@tasklane/shared/domain/calendar-date';
import { localDateOf } from '@tasklane/shared/domain/due';
import { localDateTimeOf } from '@tasklane/shared/domain/zoned-time';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { appDriver } from './support/app-driver';
import { CLIENT_DIST, OFFLINE_NOISE, openDevice, poll, type Device } from './support/browser';
import { serverTasksOf } from './support/server-api';

jest.setTimeout(180_000);

const PHONE = { width: 390, height: 844 };
const PASSWORD = 'correct horse battery';

/** A zone where it is now between 02:00 and 21:00, so "today" does not change while the test runs. */
function zoneAwayFromMidnight(): string {
  for (const zone of ['Pacific/Kiritimati', 'Asia/Kolkata', 'America/Los_Angeles', 'Europe/Berlin']) {
    const hour = localDateTimeOf(Date.now(), zone).msOfDay / 3_600_000;
    if (hour >= 2 && hour < 21) return zone;
  }
  throw new Error('no candidate zone is away from midnight');
}

describe('e2e: recurring tasks', () => {
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

  async function device(name: string, timeZone: string) {
    const opened = await openDevice(name, OFFLINE_NOISE, { viewport: PHONE });
    devices.push(opened);
    const cdp = await opened.context.newCDPSession(opened.page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: timeZone });
    return opened;
  }

  it('[ED3] [ED5] completed on two offline devices, a recurring task advances once after both reconnect', async () => {
    const zone = zoneAwayFromMidnight();
    const today = localDateOf(Date.now(), zone);
    const email = `ed-recurring-${randomUUID()}@example.com`;
    const laptop = await device('ed-rec-laptop', zone);
    const phone = await device('ed-rec-phone', zone);
    const onLaptop = appDriver(laptop.page);
    const onPhone = appDriver(phone.page);
    await onLaptop.signUp(server.url, email, PASSWORD);
    await onPhone.signIn(server.url, email, PASSWORD);

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
    const [before] = await serverTasksOf(server.url, email, PASSWORD);
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
      () => serverTasksOf(server.url, email, PASSWORD),
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
