import type { Task } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID } from '@tasklane/shared/domain/task-list';
import { listIndexOf, tasksOfList } from '@tasklane/client/src/ui/nav/views';
import { registerUser } from '@tasklane/testkit/api-client';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { findListViolations } from './list-invariants';
import { localChaosSuite, type LocalDevice } from './local-devices';
import { findLostAcknowledgedWrites } from './lost-writes';

/**
 * A list deleted on one device while another, offline, still uses it (docs/reliability.md [CL3], data-model-v2.md §2):
 * real PWA sync stacks and list repositories against two server instances.
 */
describe('a list deleted on one device while another, offline, moves tasks into it', () => {
  const chaos = localChaosSuite({ instances: 2, idPrefix: 'cl3' });
  const { ledger, device } = chaos;

  /** The titles the app shows in the Inbox of a device ([NV3]: tasks of lists it does not hold live are there). */
  async function inboxTitles(on: LocalDevice): Promise<string[]> {
    const index = listIndexOf(await on.liveLists());
    return tasksOfList(await on.liveTasks(), INBOX_LIST_ID, index)
      .map((task) => task.title)
      .sort();
  }

  it('[CL3] the delete, the offline move, rename and new task all survive; nothing is lost and the strays show in the Inbox', async () => {
    const user = await registerUser(chaos.fleet.instances[0]!.url);
    const phone = await device('phone', user);
    const laptop = await device('laptop', user);
    const errands = await phone.lists!.create({ name: 'Errands', colour: 'green' });
    const trips = await phone.lists!.create({ name: 'Trips' });
    const milk = await phone.tasks!.create({ title: 'Milk', listId: errands.id });
    const visa = await phone.tasks!.create({ title: 'Visa', listId: trips.id });
    const bread = await phone.tasks!.create({ title: 'Bread' });
    const passport = await phone.tasks!.create({ title: 'Passport' });
    await waitFor(async () => (await laptop.liveTasks()).length === 4 && (await laptop.liveLists()).length === 3, 10_000, 'laptop synced');
    await Promise.all([phone, laptop].map((each) => each.handle.settle(30_000)));

    // Apart: the phone deletes both lists, moving Errands' tasks to the Inbox and deleting Trips' with it.
    await laptop.stopSync();
    await phone.lists!.remove(errands.id, 'move-to-inbox');
    await phone.lists!.remove(trips.id, 'delete');
    await phone.handle.settle(30_000);
    // The laptop, offline, still sees both lists: it moves tasks into them, renames one, adds a task, edits others.
    await laptop.tasks!.moveToList(bread.id, errands.id);
    await laptop.lists!.rename(errands.id, 'Shopping');
    const eggs = await laptop.tasks!.create({ title: 'Eggs', listId: errands.id });
    await laptop.tasks!.update(milk.id, { title: 'Oat milk' });
    await laptop.tasks!.moveToList(passport.id, trips.id);
    await laptop.tasks!.update(visa.id, { priority: 'high' });

    await laptop.start();
    const { finalByUser, finalListsByUser } = await chaos.converge([phone, laptop]);
    const lists = finalListsByUser.get(user.id)!;
    const final = finalByUser.get(user.id)!;
    // [DM21] The delete and the rename both survive: the list stays deleted, under its new name.
    expect(lists.find((list) => list.id === errands.id)).toMatchObject({ _deleted: true, name: 'Shopping' });
    expect(lists.find((list) => list.id === trips.id)).toMatchObject({ _deleted: true });
    const state = (task: Task) => ({
      title: final.get(task.id)!.title,
      listId: final.get(task.id)!.listId,
      deleted: final.get(task.id)!._deleted,
    });
    expect(state(milk)).toEqual({ title: 'Oat milk', listId: INBOX_LIST_ID, deleted: false });
    expect(state(bread)).toEqual({ title: 'Bread', listId: errands.id, deleted: false });
    expect(state(eggs)).toEqual({ title: 'Eggs', listId: errands.id, deleted: false });
    expect(state(passport)).toEqual({ title: 'Passport', listId: trips.id, deleted: false });
    // The user chose to delete Trips' tasks: an edit of another field made meanwhile does not bring Visa back ([M1]).
    expect(final.get(visa.id)).toMatchObject({ _deleted: true, priority: 'high' });
    // Every live task shows somewhere: those left in a deleted list show in the Inbox, on both devices.
    for (const each of [phone, laptop]) {
      expect((await each.liveLists()).map((list) => list.id)).toEqual([INBOX_LIST_ID]);
      expect(await inboxTitles(each)).toEqual(['Bread', 'Eggs', 'Oat milk', 'Passport']);
    }
    expect(findListViolations(finalByUser, finalListsByUser)).toEqual([]);
    const listsById = new Map([[user.id, new Map(lists.map((list) => [list.id, list]))]]);
    expect(findLostAcknowledgedWrites(ledger.attempts, finalByUser, listsById)).toEqual([]);
    // The list writes were recorded and acknowledged: the check above covered them.
    const acknowledgedLists = ledger.attempts.filter((attempt) => attempt.collection === 'lists' && attempt.outcome === 'acknowledged');
    expect(acknowledgedLists.some((attempt) => attempt.doc.id === errands.id && attempt.doc._deleted)).toBe(true);
    expect(acknowledgedLists.some((attempt) => attempt.device === 'laptop' && attempt.doc.id === errands.id)).toBe(true);
  }, 120_000);
});
