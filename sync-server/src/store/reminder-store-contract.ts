import { randomBytes, randomUUID } from 'node:crypto';
import type { Task } from '@tasklane/shared/domain/task';
import { makeTask } from '@tasklane/testkit/task-fixture';
import type { Store } from './store';

const MINUTE = 60_000;

function endpoint(): string {
  return `https://push.example.com/send/${randomUUID()}`;
}

function keys() {
  const p256dh = Buffer.concat([Buffer.from([4]), randomBytes(64)]).toString('base64url');
  return { p256dh, auth: randomBytes(16).toString('base64url') };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The reminder part of the store contract (docs/architecture.md, the notifier): push subscriptions, the indexed next
 * fire time, and deliveries claimed under a lease. Runs inside `describeStoreContract`, on the same store; the
 * notifier's queries are global, so every check here looks only at its own user's rows.
 */
export function describeReminderContract(current: () => { store: Store; userId: string }): void {
  let store: Store;
  let userId: string;
  beforeEach(() => {
    ({ store, userId } = current());
  });

  async function insert(task: Task) {
    const outcome = await store.applyPush(userId, [{ newDocumentState: task }]);
    return outcome.written[0]!;
  }

  async function dueOf(user: string, now: string) {
    return (await store.dueReminderTasks(now, 10_000)).filter((due) => due.userId === user);
  }

  async function claimOwn(owner: string, now: string, leaseUntil: string) {
    return (await store.claimReminderDeliveries(owner, now, leaseUntil, 10_000)).filter((delivery) => delivery.userId === userId);
  }

  it('[NT1] [NT19] a subscription registers once per endpoint; the same endpoint from another user moves only with the same keys', async () => {
    const other = randomUUID();
    const url = endpoint();
    const at = iso(Date.now());
    expect(await store.savePushSubscription({ userId, endpoint: url, ...keys() }, at, 20)).toBe('created');
    const renewed = keys();
    expect(await store.savePushSubscription({ userId, endpoint: url, ...renewed }, at, 20)).toBe('renewed');
    expect(await store.listPushSubscriptions(userId)).toEqual([expect.objectContaining({ endpoint: url, ...renewed, userId })]);
    expect(await store.savePushSubscription({ userId: other, endpoint: url, ...keys() }, at, 20)).toBe('keys-differ');
    expect(await store.savePushSubscription({ userId: other, endpoint: url, ...renewed, auth: keys().auth }, at, 20)).toBe('keys-differ');
    expect(await store.listPushSubscriptions(other)).toEqual([]);
    expect(await store.listPushSubscriptions(userId)).toEqual([expect.objectContaining({ endpoint: url, ...renewed, userId })]);
    expect(await store.savePushSubscription({ userId: other, endpoint: url, ...renewed }, at, 20)).toBe('created');
    expect(await store.listPushSubscriptions(userId)).toEqual([]);
    expect((await store.listPushSubscriptions(other)).map((subscription) => subscription.endpoint)).toEqual([url]);
    expect(await store.deletePushSubscription(userId, url)).toBe(false);
    expect(await store.deletePushSubscription(other, url)).toBe(true);
    expect(await store.listPushSubscriptions(other)).toEqual([]);
  });

  it('[NT4] past the most subscriptions per user, the least recently registered ones are removed', async () => {
    const urls = [endpoint(), endpoint(), endpoint()];
    for (const [index, url] of urls.entries())
      await store.savePushSubscription({ userId, endpoint: url, ...keys() }, iso(Date.now() + index), 2);
    expect((await store.listPushSubscriptions(userId)).map((subscription) => subscription.endpoint).sort()).toEqual(urls.slice(1).sort());
  });

  it('[NT7] a task carries its next fire time from its own write: found when it comes, gone once edited away or deleted', async () => {
    const fireMs = Date.now() + 60 * MINUTE;
    const task = await insert(makeTask({ reminders: [{ id: 'r1', at: iso(fireMs) }] }));
    expect(await dueOf(userId, iso(fireMs - 1))).toEqual([]);
    expect(await dueOf(userId, iso(fireMs))).toEqual([expect.objectContaining({ seq: task.seq, nextFireAt: iso(fireMs) })]);
    const edited = (await store.applyPush(userId, [{ newDocumentState: { ...task, reminders: [] }, assumedMasterState: task }]))
      .written[0]!;
    expect(await dueOf(userId, iso(fireMs + MINUTE))).toEqual([]);
    const again = (
      await store.applyPush(userId, [
        { newDocumentState: { ...edited, reminders: [{ id: 'r2', at: iso(fireMs) }] }, assumedMasterState: edited },
      ])
    ).written[0]!;
    expect(await dueOf(userId, iso(fireMs))).toHaveLength(1);
    await store.applyPush(userId, [{ newDocumentState: { ...again, _deleted: true }, assumedMasterState: again }]);
    expect(await dueOf(userId, iso(fireMs + MINUTE))).toEqual([]);
  });

  it('[NT8] one delivery per fire and subscription, however often it is scheduled; one owner holds it until its lease ends', async () => {
    const fireMs = Date.now() + 60 * MINUTE;
    const fireAt = iso(fireMs);
    await store.savePushSubscription({ userId, endpoint: endpoint(), ...keys() }, iso(Date.now()), 20);
    await store.savePushSubscription({ userId, endpoint: endpoint(), ...keys() }, iso(Date.now()), 20);
    const task = await insert(makeTask({ reminders: [{ id: 'r1', at: fireAt }] }));
    const fires = [{ reminderId: 'r1', fireAt, state: 'pending' as const }];
    expect(await store.scheduleReminderFires(userId, task.id, task.seq, fires, null)).toEqual({ pending: 2, dropped: 0 });
    expect(await store.scheduleReminderFires(userId, task.id, task.seq, fires, null)).toEqual({ pending: 0, dropped: 0 });
    expect(await dueOf(userId, iso(fireMs + MINUTE))).toEqual([]);

    const now = iso(fireMs + 1000);
    const [first, second] = await Promise.all([claimOwn('a', now, iso(fireMs + 31_000)), claimOwn('b', now, iso(fireMs + 31_000))]);
    expect(first.length + second.length).toBe(2);
    const [delivery] = [...first, ...second];
    const holder = first.includes(delivery!) ? 'a' : 'b';
    expect(delivery).toMatchObject({
      taskId: task.id,
      reminderId: 'r1',
      fireAt,
      attempts: 1,
      task: expect.objectContaining({ id: task.id }) as unknown,
    });
    expect(await claimOwn('c', iso(fireMs + 30_000), iso(fireMs + 60_000))).toEqual([]);
    expect(await store.finishReminderDelivery(delivery!.id, 'c', 'sent', now)).toBe(false);
    // The lease ran out: another owner takes it, and the first can no longer record it.
    const taken = await claimOwn('c', iso(fireMs + 31_000), iso(fireMs + 61_000));
    expect(taken.map((claimed) => claimed.id)).toContain(delivery!.id);
    expect(await store.finishReminderDelivery(delivery!.id, holder, 'sent', now)).toBe(false);
    for (const claimed of taken) expect(await store.finishReminderDelivery(claimed.id, 'c', 'sent', now)).toBe(true);
    expect(await claimOwn('d', iso(fireMs + 120_000), iso(fireMs + 150_000))).toEqual([]);
  });

  it('[NT8] a schedule made from a task that has changed since does nothing; a retry comes back when due', async () => {
    const fireMs = Date.now() + 60 * MINUTE;
    const fireAt = iso(fireMs);
    await store.savePushSubscription({ userId, endpoint: endpoint(), ...keys() }, iso(Date.now()), 20);
    const task = await insert(makeTask({ reminders: [{ id: 'r1', at: fireAt }] }));
    const edited = (await store.applyPush(userId, [{ newDocumentState: { ...task, title: 'Edited' }, assumedMasterState: task }]))
      .written[0]!;
    const fires = [{ reminderId: 'r1', fireAt, state: 'pending' as const }];
    expect(await store.scheduleReminderFires(userId, task.id, task.seq, fires, null)).toEqual({ pending: 0, dropped: 0 });
    expect(await dueOf(userId, fireAt)).toHaveLength(1);
    expect(await store.scheduleReminderFires(userId, task.id, edited.seq, fires, null)).toEqual({ pending: 1, dropped: 0 });
    const [delivery] = await claimOwn('a', fireAt, iso(fireMs + 30_000));
    expect(await store.retryReminderDelivery(delivery!.id, 'a', iso(fireMs + 5000))).toBe(true);
    expect(await claimOwn('b', iso(fireMs + 4999), iso(fireMs + 40_000))).toEqual([]);
    const [retried] = await claimOwn('b', iso(fireMs + 5000), iso(fireMs + 40_000));
    expect(retried).toMatchObject({ id: delivery!.id, attempts: 2 });
    expect(await store.finishReminderDelivery(retried!.id, 'b', 'failed', fireAt)).toBe(true);
  });

  it('[NT9] a subscription registered after a fire does not get it; [NT13] a removed subscription takes its pending deliveries along', async () => {
    const fireMs = Date.now() + 60 * MINUTE;
    const fireAt = iso(fireMs);
    const early = endpoint();
    await store.savePushSubscription({ userId, endpoint: early, ...keys() }, iso(Date.now()), 20);
    await store.savePushSubscription({ userId, endpoint: endpoint(), ...keys() }, iso(fireMs + 1), 20);
    const task = await insert(makeTask({ reminders: [{ id: 'r1', at: fireAt }] }));
    const fires = [{ reminderId: 'r1', fireAt, state: 'pending' as const }];
    expect(await store.scheduleReminderFires(userId, task.id, task.seq, fires, null)).toEqual({ pending: 1, dropped: 0 });
    const subscription = (await store.listPushSubscriptions(userId)).find((found) => found.endpoint === early)!;
    await store.removePushSubscriptionById(subscription.id);
    expect(await claimOwn('a', iso(fireMs + 1000), iso(fireMs + 30_000))).toEqual([]);
  });

  it('[NT17] a rejection streak counts the latest rejected deliveries of a subscription back to its last accepted one', async () => {
    const url = endpoint();
    await store.savePushSubscription({ userId, endpoint: url, ...keys() }, iso(Date.now()), 20);
    const subscription = (await store.listPushSubscriptions(userId)).find((found) => found.endpoint === url)!;
    const baseMs = Date.now() + 60 * MINUTE;
    const task = await insert(
      makeTask({ reminders: [0, 1, 2, 3].map((index) => ({ id: `r${index}`, at: iso(baseMs + index * MINUTE) })) }),
    );
    const fires = [0, 1, 2, 3].map((index) => ({
      reminderId: `r${index}`,
      fireAt: iso(baseMs + index * MINUTE),
      state: 'pending' as const,
    }));
    await store.scheduleReminderFires(userId, task.id, task.seq, fires, null);
    expect(await store.rejectionStreak(subscription.id, 3)).toBe(0);
    const outcomes = ['rejected', 'sent', 'rejected', 'rejected'] as const;
    for (const [index, outcome] of outcomes.entries()) {
      const claimAt = iso(baseMs + index * MINUTE);
      const [delivery] = (await claimOwn('a', claimAt, iso(baseMs + index * MINUTE + 30_000))).filter(
        (claimed) => claimed.subscription.id === subscription.id,
      );
      expect(await store.finishReminderDelivery(delivery!.id, 'a', outcome, claimAt)).toBe(true);
    }
    expect(await store.rejectionStreak(subscription.id, 3)).toBe(2);
    expect(await store.rejectionStreak(subscription.id, 1)).toBe(1);
  });

  it('[NT1] deleting an account removes its push subscriptions and reminder deliveries', async () => {
    const owner = randomUUID();
    await store.createUser({ id: owner, email: `${owner}@example.com`, passwordHash: 'hash', createdAt: iso(Date.now()) });
    const fireAt = iso(Date.now() + 60 * MINUTE);
    await store.savePushSubscription({ userId: owner, endpoint: endpoint(), ...keys() }, iso(Date.now()), 20);
    const task = (await store.applyPush(owner, [{ newDocumentState: makeTask({ reminders: [{ id: 'r1', at: fireAt }] }) }])).written[0]!;
    await store.scheduleReminderFires(owner, task.id, task.seq, [{ reminderId: 'r1', fireAt, state: 'pending' }], null);
    await store.deleteAccount(owner);
    expect(await store.listPushSubscriptions(owner)).toEqual([]);
    const claimed = await store.claimReminderDeliveries('a', iso(Date.now() + 61 * MINUTE), iso(Date.now() + 62 * MINUTE), 10_000);
    expect(claimed.filter((delivery) => delivery.userId === owner)).toEqual([]);
  });
}
