import type { RecurrenceRule } from '@tasklane/shared/domain/recurrence';
import { reminderFireTimes } from '@tasklane/shared/domain/reminder-fires';
import { registerUser } from '@tasklane/testkit/api-client';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { completing } from './device-operations';
import { findLostAcknowledgedWrites } from './lost-writes';
import { localChaosSuite, type LocalDevice } from './local-devices';

const daily: RecurrenceRule = { frequency: 'daily', interval: 1, end: { kind: 'never' } };
const DUE = { at: '2030-01-07T08:00:00.000Z', timeZone: 'Europe/Berlin' };

/**
 * Reminders edited on devices that are apart (docs/reminders.md [RM4], [RM5]): real PWA sync stacks against two
 * server instances, the laptop offline (sync stopped) while both edit the same task's reminders.
 */
describe('reminders edited on two devices while they are apart', () => {
  const chaos = localChaosSuite({ instances: 2, idPrefix: 'remind' });
  const { ledger, device } = chaos;

  async function liveTask(on: LocalDevice, id: string) {
    return (await on.liveTasks()).find((task) => task.id === id);
  }

  it('[RM4] [RM5] a completion moves the at reminders, a removal wins over an edit, additions on both sides survive', async () => {
    const user = await registerUser(chaos.fleet.instances[0]!.url);
    const phone = await device('phone', user);
    const laptop = await device('laptop', user);
    const standUp = await phone.tasks!.create({ title: 'Stand-up', due: DUE, recurrence: daily });
    await phone.tasks!.update(standUp.id, {
      reminders: [
        { id: 'early', at: '2030-01-07T07:00:00.000Z' },
        { id: 'ten', before: 'PT10M' },
        { id: 'hour', before: 'PT1H' },
      ],
    });
    await waitFor(async () => (await liveTask(laptop, standUp.id))?.reminders.length === 3, 10_000, 'the laptop has the reminders');
    await Promise.all([phone, laptop].map((each) => each.handle.settle(30_000)));

    // Apart: the phone completes today's stand-up and removes the hour reminder; the laptop changes that reminder
    // and adds one of its own.
    await laptop.stopSync();
    await completing(phone, (await liveTask(phone, standUp.id))!, () => phone.tasks!.toggleComplete(standUp.id));
    const onPhone = (await liveTask(phone, standUp.id))!;
    await phone.tasks!.update(standUp.id, { reminders: onPhone.reminders.filter((reminder) => reminder.id !== 'hour') });
    const onLaptop = (await liveTask(laptop, standUp.id))!;
    await laptop.tasks!.update(standUp.id, {
      reminders: [
        ...onLaptop.reminders.map((reminder) => (reminder.id === 'hour' ? { id: 'hour', before: 'PT2H' } : reminder)),
        { id: 'day', before: 'P1D' },
      ],
    });

    await laptop.start();
    const { finalByUser, finalListsByUser } = await chaos.converge([phone, laptop]);
    const final = finalByUser.get(user.id)!.get(standUp.id)!;
    expect(final).toMatchObject({ occurrence: 1, due: { at: '2030-01-08T08:00:00.000Z', timeZone: 'Europe/Berlin' } });
    expect(final.reminders).toEqual([
      { id: 'day', before: 'P1D' },
      { id: 'early', at: '2030-01-08T07:00:00.000Z' },
      { id: 'ten', before: 'PT10M' },
    ]);
    expect(reminderFireTimes(final)).toEqual([
      { reminderId: 'day', fireAt: '2030-01-07T08:00:00.000Z' },
      { reminderId: 'early', fireAt: '2030-01-08T07:00:00.000Z' },
      { reminderId: 'ten', fireAt: '2030-01-08T07:50:00.000Z' },
    ]);
    const lists = new Map([...finalListsByUser].map(([userId, all]) => [userId, new Map(all.map((list) => [list.id, list]))]));
    expect(findLostAcknowledgedWrites(ledger.attempts, finalByUser, lists)).toEqual([]);
  }, 120_000);
});
