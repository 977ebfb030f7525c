import { asAsync } from './as-async';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type {
  ClaimedDelivery,
  DeliveryOutcome,
  PushSubscriptionRecord,
  ReminderStore,
  SaveSubscriptionOutcome,
  ScheduledFire,
} from '../reminder-store';
import type { Task } from '@tasklane/shared/domain/task';
import { parseStoredTask } from './task-columns';

type SubscriptionRow = { id: string; user_id: string; endpoint: string; p256dh: string; auth: string; created_at: string };
type DeliveryRow = {
  id: number;
  user_id: string;
  task_id: string;
  reminder_id: string;
  fire_at: string;
  subscription_id: string;
  attempts: number;
};

function toSubscription(row: SubscriptionRow): PushSubscriptionRecord {
  return { id: row.id, userId: row.user_id, endpoint: row.endpoint, p256dh: row.p256dh, auth: row.auth, createdAt: row.created_at };
}

/** The embedded store's push subscriptions and reminder deliveries (schema version 5, schema-5-reminders.ts). */
export function createSqliteReminderTables(db: Database.Database): ReminderStore {
  const statements = {
    subscriptionByEndpoint: db.prepare<[string], SubscriptionRow>('SELECT * FROM push_subscriptions WHERE endpoint = ?'),
    subscriptionById: db.prepare<[string], SubscriptionRow>('SELECT * FROM push_subscriptions WHERE id = ?'),
    insertSubscription: db.prepare<[string, string, string, string, string, string, string]>(
      'INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    refreshSubscription: db.prepare<[string, string, string, string]>(
      'UPDATE push_subscriptions SET p256dh = ?, auth = ?, updated_at = ? WHERE id = ?',
    ),
    deleteSubscription: db.prepare<[string]>('DELETE FROM push_subscriptions WHERE id = ?'),
    deletePendingOf: db.prepare<[string]>("DELETE FROM reminder_deliveries WHERE subscription_id = ? AND state = 'pending'"),
    subscriptionsOf: db.prepare<[string], SubscriptionRow>('SELECT * FROM push_subscriptions WHERE user_id = ? ORDER BY updated_at, id'),
    subscriptionsFor: db.prepare<[string, string], SubscriptionRow>(
      'SELECT * FROM push_subscriptions WHERE user_id = ? AND created_at <= ? ORDER BY id',
    ),
    dueTasks: db.prepare<[string, number], { user_id: string; id: string; seq: number; doc: string; next_fire_at: string }>(
      'SELECT user_id, id, seq, doc, next_fire_at FROM tasks WHERE next_fire_at IS NOT NULL AND next_fire_at <= ? ORDER BY next_fire_at LIMIT ?',
    ),
    setNextFire: db.prepare<[string | null, string, string, number]>(
      'UPDATE tasks SET next_fire_at = ? WHERE user_id = ? AND id = ? AND seq = ?',
    ),
    insertDelivery: db.prepare<[string, string, string, string, string, string, string, string | null]>(
      `INSERT OR IGNORE INTO reminder_deliveries (user_id, task_id, reminder_id, fire_at, subscription_id, state, next_attempt_at, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    pendingDue: db.prepare<[string, number], DeliveryRow>(
      `SELECT id, user_id, task_id, reminder_id, fire_at, subscription_id, attempts FROM reminder_deliveries
       WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
    ),
    claim: db.prepare<[string, string, number, string]>(
      `UPDATE reminder_deliveries SET owner = ?, next_attempt_at = ?, attempts = attempts + 1
       WHERE id = ? AND state = 'pending' AND next_attempt_at <= ?`,
    ),
    finish: db.prepare<[string, string, number, string]>(
      "UPDATE reminder_deliveries SET state = ?, finished_at = ?, owner = NULL WHERE id = ? AND owner = ? AND state = 'pending'",
    ),
    retry: db.prepare<[string, number, string]>(
      "UPDATE reminder_deliveries SET next_attempt_at = ?, owner = NULL WHERE id = ? AND owner = ? AND state = 'pending'",
    ),
    task: db.prepare<[string, string], { seq: number; doc: string }>('SELECT seq, doc FROM tasks WHERE user_id = ? AND id = ?'),
    editor: db.prepare<[string, string, string], { one: number }>(
      "SELECT 1 AS one FROM list_members WHERE list_id = ? AND owner_id = ? AND user_id = ? AND role = 'editor'",
    ),
    prune: db.prepare<[string]>("DELETE FROM reminder_deliveries WHERE fire_at < ? AND state <> 'pending'"),
    latestVerdicts: db.prepare<[string, number], { state: string }>(
      `SELECT state FROM reminder_deliveries WHERE subscription_id = ? AND state IN ('sent', 'rejected')
       ORDER BY finished_at DESC, id DESC LIMIT ?`,
    ),
  };

  function removeSubscription(id: string): void {
    statements.deletePendingOf.run(id);
    statements.deleteSubscription.run(id);
  }

  const save = db.transaction(
    (subscription: Parameters<ReminderStore['savePushSubscription']>[0], at: string, maxPerUser: number): SaveSubscriptionOutcome => {
      const existing = statements.subscriptionByEndpoint.get(subscription.endpoint);
      let outcome: SaveSubscriptionOutcome = 'renewed';
      if (existing && existing.user_id === subscription.userId) {
        statements.refreshSubscription.run(subscription.p256dh, subscription.auth, at, existing.id);
      } else {
        // [NT19] An endpoint is no secret (it travels to push services, proxies, logs): only its keys prove the browser.
        if (existing && (existing.p256dh !== subscription.p256dh || existing.auth !== subscription.auth)) return 'keys-differ';
        // [NT1] A browser has one subscription per origin: whoever registers it last owns it, from now on.
        if (existing) removeSubscription(existing.id);
        statements.insertSubscription.run(
          randomUUID(),
          subscription.userId,
          subscription.endpoint,
          subscription.p256dh,
          subscription.auth,
          at,
          at,
        );
        outcome = 'created';
      }
      const owned = statements.subscriptionsOf.all(subscription.userId);
      for (const stale of owned.slice(0, Math.max(0, owned.length - maxPerUser))) removeSubscription(stale.id);
      return outcome;
    },
  );

  /** [AS6] Who a task of `ownerId`'s space reminds: its assignee while they may edit its list, else the owner. */
  function recipientOf(ownerId: string, task: Pick<Task, 'assignee' | 'listId'>): string {
    const { assignee } = task;
    if (assignee === null || assignee === ownerId) return ownerId;
    return statements.editor.get(task.listId, ownerId, assignee) ? assignee : ownerId;
  }

  const schedule = db.transaction(
    (userId: string, taskId: string, seq: number, fires: ScheduledFire[], nextFireAt: string | null, at: string) => {
      const counts = { pending: 0, dropped: 0 };
      if (statements.setNextFire.run(nextFireAt, userId, taskId, seq).changes === 0) return counts;
      const stored = fires.length > 0 ? statements.task.get(userId, taskId) : undefined;
      if (!stored) return counts;
      const recipient = recipientOf(userId, parseStoredTask(stored.doc));
      for (const fire of fires) {
        for (const subscription of statements.subscriptionsFor.all(recipient, fire.fireAt)) {
          const finishedAt = fire.state === 'dropped' ? at : null;
          const inserted = statements.insertDelivery.run(
            userId,
            taskId,
            fire.reminderId,
            fire.fireAt,
            subscription.id,
            fire.state,
            fire.fireAt,
            finishedAt,
          );
          counts[fire.state] += inserted.changes;
        }
      }
      return counts;
    },
  );

  const claim = db.transaction((owner: string, now: string, leaseUntil: string, limit: number): ClaimedDelivery[] => {
    const claimed: ClaimedDelivery[] = [];
    for (const row of statements.pendingDue.all(now, limit)) {
      if (statements.claim.run(owner, leaseUntil, row.id, now).changes === 0) continue;
      const subscription = statements.subscriptionById.get(row.subscription_id);
      if (!subscription) {
        statements.finish.run('cancelled', now, row.id, owner);
        continue;
      }
      const stored = statements.task.get(row.user_id, row.task_id);
      const task = stored ? { ...parseStoredTask(stored.doc), seq: stored.seq } : null;
      // [AS6] Reassigned, or the assignee lost the list, since it was scheduled: it is no longer theirs to be reminded of.
      if (task && recipientOf(row.user_id, task) !== subscription.user_id) {
        statements.finish.run('cancelled', now, row.id, owner);
        continue;
      }
      claimed.push({
        id: String(row.id),
        userId: row.user_id,
        taskId: row.task_id,
        reminderId: row.reminder_id,
        fireAt: row.fire_at,
        attempts: row.attempts + 1,
        subscription: toSubscription(subscription),
        task,
      });
    }
    return claimed;
  });

  return {
    savePushSubscription: asAsync((subscription, at, maxPerUser) => save.immediate(subscription, at, maxPerUser)),
    deletePushSubscription: asAsync((userId, endpoint) => {
      const existing = statements.subscriptionByEndpoint.get(endpoint);
      if (!existing || existing.user_id !== userId) return false;
      db.transaction(() => removeSubscription(existing.id)).immediate();
      return true;
    }),
    listPushSubscriptions: asAsync((userId) => statements.subscriptionsOf.all(userId).map(toSubscription)),
    removePushSubscriptionById: asAsync((id) => {
      db.transaction(() => removeSubscription(id)).immediate();
    }),
    dueReminderTasks: asAsync((now, limit) =>
      statements.dueTasks.all(now, limit).flatMap((row) => {
        try {
          return [{ userId: row.user_id, seq: row.seq, task: parseStoredTask(row.doc), nextFireAt: row.next_fire_at }];
        } catch {
          // [NT23] A row that does not parse would come back every poll and hold up the batch: its reminders are off.
          statements.setNextFire.run(null, row.user_id, row.id, row.seq);
          return [];
        }
      }),
    ),
    scheduleReminderFires: asAsync((userId, taskId, seq, fires, nextFireAt) =>
      schedule.immediate(userId, taskId, seq, fires, nextFireAt, new Date().toISOString()),
    ),
    claimReminderDeliveries: asAsync((owner, now, leaseUntil, limit) => claim.immediate(owner, now, leaseUntil, limit)),
    finishReminderDelivery: asAsync(
      (id, owner, outcome: DeliveryOutcome, at) => statements.finish.run(outcome, at, Number(id), owner).changes === 1,
    ),
    retryReminderDelivery: asAsync((id, owner, nextAttemptAt) => statements.retry.run(nextAttemptAt, Number(id), owner).changes === 1),
    rejectionStreak: asAsync((subscriptionId, limit) => {
      const verdicts = statements.latestVerdicts.all(subscriptionId, limit);
      const sent = verdicts.findIndex((row) => row.state !== 'rejected');
      return sent === -1 ? verdicts.length : sent;
    }),
    pruneReminderDeliveries: asAsync((before) => statements.prune.run(before).changes),
  };
}
