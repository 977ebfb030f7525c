import type { StoredTask, Task } from '@tasklane/shared/domain/task';

/** A browser's push subscription (`PushSubscription.toJSON()`), owned by one user ([NT1]). */
export type PushSubscriptionRecord = {
  id: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  /** When this user registered it: a reminder that fired before is not sent to it ([NT9]). */
  createdAt: string;
};

export type NewPushSubscription = Pick<PushSubscriptionRecord, 'userId' | 'endpoint' | 'p256dh' | 'auth'>;

/** A task whose next fire time has come ([NT7]): found through the partial index on that time, never a scan. */
export type DueReminderTask = { userId: string; seq: number; task: Omit<Task, 'seq'>; nextFireAt: string };

/** One fire of a task's reminder, as the notifier schedules it: to be sent, or already too late ([NT10]). */
export type ScheduledFire = { reminderId: string; fireAt: string; state: 'pending' | 'dropped' };

/** A delivery this owner holds under a lease ([NT8]): the subscription to send to and the task as it is now. */
export type ClaimedDelivery = {
  id: string;
  /** The task's space (its owner); the person reminded is `subscription.userId` ([AS6]). */
  userId: string;
  taskId: string;
  reminderId: string;
  fireAt: string;
  /** Attempts including this one. */
  attempts: number;
  subscription: PushSubscriptionRecord;
  /** Null when the task is gone. */
  task: StoredTask | null;
};

/** `rejected`: a 400, 401 or 403 from the push service, which counts against the subscription ([NT17]). */
export type DeliveryOutcome = 'sent' | 'failed' | 'rejected' | 'dropped' | 'cancelled';

/**
 * What registering did ([NT1], [NT19]): a new subscription (or one moved from another user, with the same keys), the
 * user's own renewed, or nothing because another user holds the endpoint with other keys.
 */
export type SaveSubscriptionOutcome = 'created' | 'renewed' | 'keys-differ';

/** What the notifier and the push-subscription routes need from storage (docs/architecture.md, the notifier). */
export interface ReminderStore {
  /**
   * [NT1] Registers a subscription for `userId`, idempotent by endpoint; an endpoint registered by another user moves to
   * this one only when its keys are the ones stored ([NT19]: only that browser knows them), else nothing changes. Past
   * `maxPerUser` the user's least recently registered subscriptions are removed ([NT4]).
   */
  savePushSubscription(subscription: NewPushSubscription, at: string, maxPerUser: number): Promise<SaveSubscriptionOutcome>;
  /** [NT2] Removes the user's subscription with this endpoint (with its pending deliveries); false when there was none. */
  deletePushSubscription(userId: string, endpoint: string): Promise<boolean>;
  listPushSubscriptions(userId: string): Promise<PushSubscriptionRecord[]>;
  /** [NT13] Removes a subscription the push service says is gone (404/410), with its pending deliveries. */
  removePushSubscriptionById(id: string): Promise<void>;

  /** [NT7] Tasks whose next fire time is at or before `now`, earliest first, at most `limit`. */
  dueReminderTasks(now: string, limit: number): Promise<DueReminderTask[]>;
  /**
   * [NT8] Atomically: creates one delivery per fire and per subscription of the person the task reminds ([AS6]: its
   * assignee while they may edit its list, else the user, the task's owner) registered no later than the fire
   * (existing ones are kept as they are), and moves the task's next fire time to `nextFireAt` — all only while the task
   * still has `seq` (a write in between has scheduled it again). Returns how many deliveries were created.
   */
  scheduleReminderFires(
    userId: string,
    taskId: string,
    seq: number,
    fires: ScheduledFire[],
    nextFireAt: string | null,
  ): Promise<{ pending: number; dropped: number }>;
  /**
   * [NT8] Takes up to `limit` pending deliveries due at `now` for `owner` until `leaseUntil`; another owner may take one
   * only once its lease ran out. [AS6] A delivery to someone the task no longer reminds (reassigned, or they lost the
   * list) is cancelled instead.
   */
  claimReminderDeliveries(owner: string, now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]>;
  /** Records how a claimed delivery ended; false when `owner` no longer holds it. */
  finishReminderDelivery(id: string, owner: string, outcome: DeliveryOutcome, at: string): Promise<boolean>;
  /** [NT12] Gives a claimed delivery back, to be tried again at `nextAttemptAt`; false when `owner` no longer holds it. */
  retryReminderDelivery(id: string, owner: string, nextAttemptAt: string): Promise<boolean>;
  /** [NT17] How many of the subscription's latest sent-or-rejected deliveries (at most `limit`) were rejected, newest first, in a row. */
  rejectionStreak(subscriptionId: string, limit: number): Promise<number>;
  /** Forgets finished deliveries of fires before `before` (a fire that old is never scheduled again, [NT10]). */
  pruneReminderDeliveries(before: string): Promise<number>;
}
