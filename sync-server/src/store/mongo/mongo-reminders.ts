import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Task } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID } from '@tasklane/shared/domain/task-list';
import type { ClaimedDelivery, DueReminderTask, PushSubscriptionRecord, ReminderStore, SaveSubscriptionOutcome } from '../reminder-store';
import { COLLECTION_NAMES, fromTaskDocument, TASK_PROJECTION, type MongoCollections } from './collections';
import { isDuplicateKeyError, unavailableWhenDown } from './errors';
import { sharingCollections } from './sharing-collections';

export const PUSH_SUBSCRIPTIONS_COLLECTION = 'push_subscriptions';
export const REMINDER_DELIVERIES_COLLECTION = 'reminder_deliveries';

type SubscriptionDocument = PushSubscriptionRecord & { updatedAt: string };
type DeliveryDocument = {
  id: string;
  userId: string;
  taskId: string;
  reminderId: string;
  fireAt: string;
  subscriptionId: string;
  state: 'pending' | 'sent' | 'failed' | 'rejected' | 'dropped' | 'cancelled';
  attempts: number;
  nextAttemptAt: string;
  owner: string | null;
  finishedAt: string | null;
};

const NO_ID = { _id: 0 } as const;

/**
 * [NT7] [NT8] The schedule's indexes: the tasks' next fire time (partial: only tasks with a fire to come), one delivery
 * per fire and subscription (unique: the claim), pending deliveries by their next attempt. Safe from many instances.
 */
export async function ensureReminderIndexes(db: Db): Promise<void> {
  await db
    .collection(COLLECTION_NAMES.tasks)
    .createIndex({ nextFireAt: 1 }, { name: 'tasks_next_fire', partialFilterExpression: { nextFireAt: { $type: 'string' } } });
  await db.collection(PUSH_SUBSCRIPTIONS_COLLECTION).createIndexes([
    { key: { endpoint: 1 }, name: 'push_subscriptions_endpoint', unique: true },
    { key: { id: 1 }, name: 'push_subscriptions_id', unique: true },
    { key: { userId: 1, updatedAt: 1 }, name: 'push_subscriptions_user' },
  ]);
  await db.collection(REMINDER_DELIVERIES_COLLECTION).createIndexes([
    {
      key: { userId: 1, taskId: 1, reminderId: 1, fireAt: 1, subscriptionId: 1 },
      name: 'reminder_deliveries_fire_subscription',
      unique: true,
    },
    { key: { id: 1 }, name: 'reminder_deliveries_id', unique: true },
    // The claim's query and sort ({nextAttemptAt, id}) in one index, so no in-memory sort of pending deliveries.
    { key: { nextAttemptAt: 1, id: 1 }, name: 'reminder_deliveries_due', partialFilterExpression: { state: 'pending' } },
    { key: { subscriptionId: 1, finishedAt: -1 }, name: 'reminder_deliveries_subscription_latest' },
    { key: { fireAt: 1 }, name: 'reminder_deliveries_fire' },
  ]);
}

/**
 * The reminder methods on MongoDB, with single-document atomic operations as the rest of the store: a delivery is
 * created by an upsert on its unique key (of two notifiers, one creates it) and claimed by one `findOneAndUpdate`
 * whose filter holds only while nobody's lease runs (of two claims, one wins).
 */
export function createMongoReminderMethods(db: Db, collections: MongoCollections, timed: { maxTimeMS: number }): ReminderStore {
  const subscriptions = db.collection<SubscriptionDocument>(PUSH_SUBSCRIPTIONS_COLLECTION);
  const deliveries = db.collection<DeliveryDocument>(REMINDER_DELIVERIES_COLLECTION);
  const { tasks } = collections;
  const { members } = sharingCollections(db);
  const toRecord = ({ updatedAt: _updatedAt, ...record }: SubscriptionDocument): PushSubscriptionRecord => record;

  async function removeSubscription(id: string): Promise<void> {
    await subscriptions.deleteOne({ id });
    await deliveries.deleteMany({ subscriptionId: id, state: 'pending' });
  }

  /** [AS6] Who a task of `ownerId`'s space reminds: its assignee while they may edit its list, else the owner. */
  async function recipientOf(ownerId: string, task: Pick<Task, 'assignee' | 'listId'>): Promise<string> {
    const { assignee, listId } = task;
    if (assignee === null || assignee === ownerId) return ownerId;
    const editor = await members.findOne({ listId, ownerId, userId: assignee, role: 'editor' }, { projection: { _id: 1 }, ...timed });
    return editor ? assignee : ownerId;
  }

  /** Ends a claimed delivery unsent: its subscription is gone, or the task no longer reminds its person. */
  async function cancel(id: string, owner: string, now: string): Promise<void> {
    await deliveries.updateOne({ id, owner, state: 'pending' }, { $set: { state: 'cancelled', owner: null, finishedAt: now } });
  }

  return {
    savePushSubscription: (subscription, at, maxPerUser) =>
      unavailableWhenDown(async () => {
        const existing = await subscriptions.findOne({ endpoint: subscription.endpoint }, { projection: NO_ID });
        let outcome: SaveSubscriptionOutcome = 'renewed';
        if (existing && existing.userId === subscription.userId) {
          await subscriptions.updateOne(
            { id: existing.id },
            { $set: { p256dh: subscription.p256dh, auth: subscription.auth, updatedAt: at } },
          );
        } else {
          // [NT19] Only the browser that holds the endpoint knows its keys.
          if (existing && (existing.p256dh !== subscription.p256dh || existing.auth !== subscription.auth)) return 'keys-differ';
          if (existing) await removeSubscription(existing.id);
          try {
            await subscriptions.insertOne({ ...subscription, id: randomUUID(), createdAt: at, updatedAt: at });
            outcome = 'created';
          } catch (error) {
            // Registered at the same moment by another request: that one stands.
            if (!isDuplicateKeyError(error)) throw error;
          }
        }
        const owned = await subscriptions
          .find({ userId: subscription.userId }, { projection: NO_ID })
          .sort({ updatedAt: 1, id: 1 })
          .toArray();
        for (const stale of owned.slice(0, Math.max(0, owned.length - maxPerUser))) await removeSubscription(stale.id);
        return outcome;
      }),
    deletePushSubscription: (userId, endpoint) =>
      unavailableWhenDown(async () => {
        const existing = await subscriptions.findOne({ userId, endpoint }, { projection: NO_ID });
        if (!existing) return false;
        await removeSubscription(existing.id);
        return true;
      }),
    listPushSubscriptions: (userId) =>
      unavailableWhenDown(async () =>
        (await subscriptions.find({ userId }, { projection: NO_ID }).sort({ updatedAt: 1, id: 1 }).toArray()).map(toRecord),
      ),
    removePushSubscriptionById: (id) => unavailableWhenDown(() => removeSubscription(id)),
    dueReminderTasks: (now, limit) =>
      unavailableWhenDown(async () => {
        const found = await tasks
          .find(
            { nextFireAt: { $type: 'string', $lte: now } },
            { projection: { _id: 0, searchPrefixes: 0, completedAtDate: 0, dueKey: 0 }, ...timed },
          )
          .sort({ nextFireAt: 1 })
          .limit(limit)
          .toArray();
        const due: DueReminderTask[] = [];
        for (const { userId, nextFireAt, ...stored } of found) {
          try {
            const { seq, ...task } = fromTaskDocument(stored);
            due.push({ userId, seq, task, nextFireAt: nextFireAt as string });
          } catch {
            // [NT23] A document that does not read would come back every poll and hold up the batch: its reminders are off.
            await tasks.updateOne({ userId, id: stored.id, seq: stored.seq }, { $set: { nextFireAt: null } });
          }
        }
        return due;
      }),
    scheduleReminderFires: (userId, taskId, seq, fires, nextFireAt) =>
      unavailableWhenDown(async () => {
        const counts = { pending: 0, dropped: 0 };
        // Not atomic with the creations below as SQLite's transaction is; the creations are idempotent, so a notifier that
        // dies in between leaves the task due and the next poll completes the schedule.
        const found = await tasks.findOne({ userId, id: taskId, seq }, { projection: { _id: 0, assignee: 1, listId: 1 } });
        if (!found) return counts;
        // [AS6] Decided on the revision scheduled; documents stored before assignment ([AS2]) or lists ([DM19]) read as such.
        const recipient = await recipientOf(userId, { assignee: found.assignee ?? null, listId: found.listId ?? INBOX_LIST_ID });
        const at = new Date().toISOString();
        for (const fire of fires) {
          const targets = await subscriptions
            .find({ userId: recipient, createdAt: { $lte: fire.fireAt } }, { projection: NO_ID })
            .toArray();
          for (const subscription of targets) {
            const key = { userId, taskId, reminderId: fire.reminderId, fireAt: fire.fireAt, subscriptionId: subscription.id };
            try {
              const result = await deliveries.updateOne(
                key,
                {
                  $setOnInsert: {
                    ...key,
                    id: randomUUID(),
                    state: fire.state,
                    attempts: 0,
                    nextAttemptAt: fire.fireAt,
                    owner: null,
                    finishedAt: fire.state === 'dropped' ? at : null,
                  },
                },
                { upsert: true },
              );
              counts[fire.state] += result.upsertedCount;
            } catch (error) {
              if (!isDuplicateKeyError(error)) throw error;
            }
          }
        }
        await tasks.updateOne({ userId, id: taskId, seq }, { $set: { nextFireAt } });
        return counts;
      }),
    // [NT21] `now` and `leaseUntil` are the notifier's clock: notifiers on several hosts need NTP (docs/operations.md).
    claimReminderDeliveries: (owner, now, leaseUntil, limit) =>
      unavailableWhenDown(async () => {
        const candidates = await deliveries
          .find({ state: 'pending', nextAttemptAt: { $lte: now } }, { projection: { id: 1 } })
          .sort({ nextAttemptAt: 1, id: 1 })
          .limit(limit)
          .toArray();
        const claimed: ClaimedDelivery[] = [];
        for (const candidate of candidates) {
          const delivery = await deliveries.findOneAndUpdate(
            { id: candidate.id, state: 'pending', nextAttemptAt: { $lte: now } },
            { $set: { owner, nextAttemptAt: leaseUntil }, $inc: { attempts: 1 } },
            { returnDocument: 'after', projection: NO_ID },
          );
          if (!delivery) continue;
          const subscription = await subscriptions.findOne({ id: delivery.subscriptionId }, { projection: NO_ID });
          if (!subscription) {
            await cancel(delivery.id, owner, now);
            continue;
          }
          const stored = await tasks.findOne({ userId: delivery.userId, id: delivery.taskId }, { projection: TASK_PROJECTION });
          const task = stored ? fromTaskDocument(stored) : null;
          // [AS6] Reassigned, or the assignee lost the list, since it was scheduled: it is no longer theirs to be reminded of.
          if (task && (await recipientOf(delivery.userId, task)) !== subscription.userId) {
            await cancel(delivery.id, owner, now);
            continue;
          }
          claimed.push({
            id: delivery.id,
            userId: delivery.userId,
            taskId: delivery.taskId,
            reminderId: delivery.reminderId,
            fireAt: delivery.fireAt,
            attempts: delivery.attempts,
            subscription: toRecord(subscription),
            task,
          });
        }
        return claimed;
      }),
    finishReminderDelivery: (id, owner, outcome, at) =>
      unavailableWhenDown(
        async () =>
          (await deliveries.updateOne({ id, owner, state: 'pending' }, { $set: { state: outcome, owner: null, finishedAt: at } }))
            .modifiedCount === 1,
      ),
    retryReminderDelivery: (id, owner, nextAttemptAt) =>
      unavailableWhenDown(
        async () =>
          (await deliveries.updateOne({ id, owner, state: 'pending' }, { $set: { owner: null, nextAttemptAt } })).modifiedCount === 1,
      ),
    rejectionStreak: (subscriptionId, limit) =>
      unavailableWhenDown(async () => {
        const verdicts = await deliveries
          .find({ subscriptionId, state: { $in: ['sent', 'rejected'] } }, { projection: { state: 1 } })
          .sort({ finishedAt: -1, id: -1 })
          .limit(limit)
          .toArray();
        const sent = verdicts.findIndex((delivery) => delivery.state !== 'rejected');
        return sent === -1 ? verdicts.length : sent;
      }),
    pruneReminderDeliveries: (before) =>
      unavailableWhenDown(async () => (await deliveries.deleteMany({ fireAt: { $lt: before }, state: { $ne: 'pending' } })).deletedCount),
  };
}
