import type { RecurrenceRule } from '@tasklane/shared/domain/recurrence';
import { registerUser } from '@tasklane/testkit/api-client';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { completing } from './device-operations';
import { localChaosSuite, type LocalDevice } from './local-devices';
import { findRecurringViolations } from './recurring-completions';

const daily: RecurrenceRule = { frequency: 'daily', interval: 1, end: { kind: 'never' } };

/**
 * Recurring tasks completed on devices that are apart (docs/reliability.md [MV5], docs/data-model-v2.md [DM11]):
 * real PWA sync stacks against two server instances, each device offline (sync stopped) while it completes.
 */
describe('recurring tasks completed on several devices while they are apart', () => {
  const chaos = localChaosSuite({ instances: 2, idPrefix: 'recur' });
  const { ledger, device } = chaos;

  async function liveTask(on: LocalDevice, title: string) {
    return (await on.liveTasks()).find((task) => task.title === title);
  }

  it('[MV5] [DM11] the same occurrence completed on three devices advances once; edits made alongside survive', async () => {
    const user = await registerUser(chaos.fleet.instances[0]!.url);
    const phone = await device('phone', user);
    const laptop = await device('laptop', user);
    const tablet = await device('tablet', user);
    const home = await phone.lists!.create({ name: 'Home' });
    const water = await phone.tasks!.create({ title: 'Water the plants', due: { date: '2030-01-07' }, recurrence: daily });
    const book = await phone.tasks!.create({
      title: 'Read',
      due: { date: '2030-01-07' },
      recurrence: daily,
      checklist: ['Ch. 1', 'Ch. 2'],
    });
    for (const other of [laptop, tablet])
      await waitFor(
        async () => (await other.liveTasks()).length === 2 && (await other.liveLists()).length === 2,
        10_000,
        `${other.name} has both tasks and the list`,
      );
    await Promise.all([phone, laptop, tablet].map((each) => each.handle.settle(30_000)));

    // Apart: each device completes what it sees, and edits other fields alongside.
    await Promise.all([laptop.stopSync(), tablet.stopSync()]);
    for (const each of [phone, laptop, tablet])
      await completing(each, (await liveTask(each, 'Water the plants'))!, () => each.tasks!.toggleComplete(water.id));
    await laptop.tasks!.update(water.id, { title: 'Water the plants (balcony)' });
    await tablet.tasks!.moveToList(water.id, home.id);
    // The book: completed once on the laptop, twice on the tablet; the phone ticks one chapter, the laptop the other.
    await completing(laptop, (await liveTask(laptop, 'Read'))!, () => laptop.tasks!.toggleComplete(book.id));
    for (let time = 0; time < 2; time += 1)
      await completing(tablet, (await liveTask(tablet, 'Read'))!, () => tablet.tasks!.toggleComplete(book.id));
    const [first, second] = (await liveTask(phone, 'Read'))!.checklist.map((entry) => entry.id);
    await phone.tasks!.checklist.tick(book.id, first!, true);
    await laptop.tasks!.checklist.tick(book.id, second!, true);

    await Promise.all([laptop.start(), tablet.start()]);
    const { finalByUser } = await chaos.converge([phone, laptop, tablet]);
    const final = finalByUser.get(user.id)!;
    expect(final.get(water.id)).toMatchObject({
      title: 'Water the plants (balcony)',
      listId: home.id,
      occurrence: 1,
      due: { date: '2030-01-08' },
      status: 'todo',
    });
    const read = final.get(book.id)!;
    expect(read).toMatchObject({ occurrence: 2, due: { date: '2030-01-09' } });
    expect(read.checklist.map((entry) => 'done' in entry && entry.done)).toEqual([true, true]);
    expect(ledger.completions.filter((completion) => completion.confirmed)).toHaveLength(6);
    expect(findRecurringViolations(ledger.completions, ledger.attempts, finalByUser)).toEqual([]);
  }, 120_000);
});
