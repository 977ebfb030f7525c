import type { Task } from '@tasklane/shared/domain/task';
import { registerUser } from '@tasklane/testkit/api-client';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { isTaskAttempt } from './ack-ledger';
import { canonicalJson } from './canonical-tasks';
import { localChaosSuite, type LocalDevice } from './local-devices';
import { readStore } from './store-reader';

/**
 * A client that dies between push and acknowledgement (the server wrote the
 * rows, the answer never arrived) converges after restart without duplicating
 * or losing tasks (docs/reliability.md [CC1]). The crash drops the socket and the
 * in-memory database and sync engine at once; RxDB's storage — memory storage
 * outliving the database object, as IndexedDB outlives a killed tab — keeps
 * what was committed locally, and nothing else.
 */
describe('client crash mid-sync', () => {
  const chaos = localChaosSuite({ instances: 2, idPrefix: 'crash' });
  const { ledger, device } = chaos;

  /** Heals the two devices of one user and checks they converge with the store; returns what the store holds. */
  async function convergedStore(phone: LocalDevice, laptop: LocalDevice): Promise<Task[]> {
    const { finalByUser } = await chaos.converge([phone, laptop]);
    return [...finalByUser.get(phone.user.id)!.values()];
  }

  it('[CC1] crashed after the server wrote its push but before the acknowledgement: after restart no task is lost or duplicated, and nothing is written twice', async () => {
    const user = await registerUser(chaos.fleet.instances[0]!.url);
    const phone = await device('phone', user);
    const laptop = await device('laptop', user);
    const kept = await phone.tasks!.create({ title: 'Synced before the crash' });
    await waitFor(async () => (await laptop.liveTasks()).length === 1, 10_000, 'laptop has the first task');
    await phone.engine!.awaitInSync();

    // Written while sync is stopped, so the restarted engine pushes them all in one push,
    // whose acknowledgement never comes back: the server still receives everything.
    await phone.stopSync();
    const created = [];
    for (let i = 0; i < 20; i += 1)
      created.push(await phone.tasks!.create({ title: `Written just before the crash ${i}`, tags: ['crash'] }));
    await phone.tasks!.update(kept.id, { title: 'Edited just before the crash', priority: 'high' });
    phone.onPush = () => {
      phone.onPush = null;
      phone.link.swallowAnswers();
    };
    await phone.start();
    await waitFor(
      async () => (await readStore(chaos.fleet.instances[0]!.url, user)).filter((task) => task.tags.includes('crash')).length === 20,
      10_000,
      'the server to hold the unacknowledged rows',
    );
    await waitFor(
      async () => (await readStore(chaos.fleet.instances[0]!.url, user)).some((task) => task.title === 'Edited just before the crash'),
      10_000,
      'the edit on the server',
    );
    // The phone never saw an acknowledgement for them.
    const unanswered = ledger.attempts
      .filter(isTaskAttempt)
      .filter((attempt) => attempt.device === 'phone' && attempt.doc.tags.includes('crash'));
    expect(unanswered.length).toBeGreaterThanOrEqual(20);
    expect(unanswered.every((attempt) => attempt.outcome === 'in-flight')).toBe(true);
    const seqsBefore = new Map((await readStore(chaos.fleet.instances[0]!.url, user)).map((task) => [task.id, task.seq]));

    await phone.crash();
    phone.link.setUp(false);
    phone.link.setUp(true);
    await phone.start();

    const stored = await convergedStore(phone, laptop);
    expect(stored.map((task) => task.id).sort()).toEqual([kept.id, ...created.map((task) => task.id)].sort());
    expect(stored.find((task) => task.id === kept.id)).toMatchObject({ title: 'Edited just before the crash', priority: 'high' });
    // [W5] the re-push after restart was an idempotent retry: no task got a new revision.
    expect(new Map(stored.map((task) => [task.id, task.seq]))).toEqual(seqsBefore);
    expect(canonicalJson(await phone.allDocuments())).toBe(canonicalJson(stored));
    let waiting = -1;
    const subscription = phone.engine!.status$.subscribe((status) => (waiting = status.pendingIds.size));
    await waitFor(() => waiting === 0, 10_000, 'nothing waiting to sync on the phone');
    subscription.unsubscribe();
  }, 120_000);

  it('[CC2] crashed with local writes never pushed (offline): after restart they sync once, with nothing lost', async () => {
    const user = await registerUser(chaos.fleet.instances[0]!.url);
    const phone = await device('phone2', user);
    const laptop = await device('laptop2', user);
    phone.link.setUp(false);
    const created = [];
    for (let i = 0; i < 10; i += 1) created.push(await phone.tasks!.create({ title: `Offline ${i}` }));
    await phone.tasks!.remove(created[0]!.id);
    await phone.crash();
    phone.link.setUp(true);
    await phone.start();

    const stored = await convergedStore(phone, laptop);
    expect(stored.map((task) => task.id).sort()).toEqual(created.map((task) => task.id).sort());
    expect(stored.filter((task) => task._deleted).map((task) => task.id)).toEqual([created[0]!.id]);
    expect((await laptop.liveTasks()).length).toBe(9);
  }, 120_000);
});
