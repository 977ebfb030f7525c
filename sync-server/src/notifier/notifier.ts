import { randomUUID } from 'node:crypto';
import { reminderFireTimes } from '@tasklane/shared/domain/reminder-fires';
import type { Logger } from '../logging/logger';
import type { ActionTokens } from '../push/action-token';
import type { PushSender } from '../push/push-sender';
import { FIRE_HORIZON_MS } from '../store/next-fire-at';
import type { ClaimedDelivery, DeliveryOutcome, DueReminderTask, ReminderStore, ScheduledFire } from '../store/reminder-store';
import type { Store } from '../store/store';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './backoff';
import type { NotifierMetrics } from './notifier-metrics';
import { reminderPayload } from './reminder-payload';

export type NotifierOptions = {
  /** [NT10] Older fires are dropped and counted. */
  maxLatenessMs: number;
  pollIntervalMs: number;
  /** [NT8] How long a claimed delivery is held; the send's timeout stays well below it. */
  leaseMs: number;
  /** Tasks and deliveries taken per poll: bounded, so one poll never scans. */
  batchSize?: number;
};

export type NotifierDeps = {
  store: ReminderStore & Pick<Store, 'findUserById'>;
  sender: PushSender;
  tokens: ActionTokens;
  metrics: NotifierMetrics;
  logger: Logger;
  options: NotifierOptions;
  now?: () => number;
};

export type Notifier = {
  start(): void;
  /** One poll: schedules due fires, then sends the deliveries due; resolves when both are done. */
  runOnce(): Promise<void>;
  /** Stops polling and waits for the poll under way (its sends finish or time out). */
  stop(): Promise<void>;
};

const DEFAULT_BATCH = 50;
/** [NT17] Rejections (400, 401, 403) in a row, with no accepted push between, after which a subscription is deleted. */
export const MAX_REJECTIONS_IN_A_ROW = 3;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * [NT7]–[NT13] The notification service. Each poll (1) finds tasks whose next fire time has come (an index range, not a
 * scan), turns their due fires into one delivery per subscription (unique per fire and subscription) and moves the
 * task's next fire time on; (2) claims due deliveries under a lease, re-checks that the reminder still fires then,
 * sends, and records the outcome. Any number of notifiers may share one store: a delivery is claimed by one at a time.
 */
export function createNotifier(deps: NotifierDeps): Notifier {
  const { store, sender, tokens, metrics, logger, options } = deps;
  const now = deps.now ?? Date.now;
  const owner = randomUUID();
  const batch = options.batchSize ?? DEFAULT_BATCH;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let lastPrune = 0;

  /**
   * [NT23] One task that cannot be scheduled (a document the shared code chokes on, a store error on its row) must not
   * stop the others: it is logged by id (never its content) and its next fire time cleared, so no poll meets it again
   * until its next write computes a new one.
   */
  async function scheduleSafely(due: DueReminderTask, atMs: number): Promise<void> {
    try {
      await scheduleTask(due, atMs);
    } catch (error) {
      logger.error({ err: error, taskId: due.task.id }, 'reminder scheduling failed for a task; its reminders are off until it changes');
      try {
        await store.scheduleReminderFires(due.userId, due.task.id, due.seq, [], null);
      } catch (clearing) {
        logger.error({ err: clearing, taskId: due.task.id }, 'could not clear the next fire time of a task that failed to schedule');
      }
    }
  }

  async function scheduleTask(due: DueReminderTask, atMs: number): Promise<void> {
    const nowIso = new Date(atMs).toISOString();
    const horizon = new Date(atMs - FIRE_HORIZON_MS).toISOString();
    const fires = reminderFireTimes(due.task);
    const dueFires: ScheduledFire[] = fires
      .filter((fire) => fire.fireAt <= nowIso && fire.fireAt >= horizon)
      .map((fire) => ({ ...fire, state: atMs - Date.parse(fire.fireAt) > options.maxLatenessMs ? 'dropped' : 'pending' }));
    const next = fires.find((fire) => fire.fireAt > nowIso)?.fireAt ?? null;
    const counts = await store.scheduleReminderFires(due.userId, due.task.id, due.seq, dueFires, next);
    metrics.due.inc(counts.pending + counts.dropped);
    metrics.dropped.inc(counts.dropped);
  }

  /** [NT21] The lease ran out before the outcome was recorded: another notifier may have sent it again (or will). */
  function leaseLost(delivery: ClaimedDelivery, outcome: string): void {
    metrics.leaseLost.inc();
    logger.warn({ deliveryId: delivery.id, outcome }, 'reminder delivery lease lost before its outcome was recorded');
  }

  async function finish(delivery: ClaimedDelivery, outcome: DeliveryOutcome): Promise<void> {
    if (!(await store.finishReminderDelivery(delivery.id, owner, outcome, new Date(now()).toISOString()))) leaseLost(delivery, outcome);
  }

  async function removeSubscription(delivery: ClaimedDelivery, reason: string, status: number | null): Promise<void> {
    await store.removePushSubscriptionById(delivery.subscription.id);
    logger.info({ subscriptionId: delivery.subscription.id, reason, status }, 'push subscription removed');
  }

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    const { task } = delivery;
    // [NT9] Re-checked inside the claim: a reminder edited, a task completed or deleted since it was scheduled is not sent.
    const stillFires =
      task !== null && reminderFireTimes(task).some((fire) => fire.reminderId === delivery.reminderId && fire.fireAt === delivery.fireAt);
    if (!task || !stillFires) return finish(delivery, 'cancelled');
    const startedMs = now();
    const lateMs = startedMs - Date.parse(delivery.fireAt);
    if (lateMs > options.maxLatenessMs) {
      metrics.dropped.inc();
      return finish(delivery, 'dropped');
    }
    // [AS6] The person reminded acts on the task as they hold it: an assignee through the list shared with them.
    const recipientId = delivery.subscription.userId;
    const user = await store.findUserById(recipientId);
    if (!user) return finish(delivery, 'cancelled');
    const actionToken = tokens.issue(
      { userId: recipientId, taskId: task.id, occurrence: task.occurrence, actions: ['done', 'snooze'] },
      user.passwordHash,
    );
    const payload = JSON.stringify(reminderPayload(task, delivery, actionToken));
    const ttlSeconds = Math.max(60, Math.round((options.maxLatenessMs - lateMs) / 1000));
    const outcome = await sender.send(delivery.subscription, payload, ttlSeconds);
    switch (outcome.kind) {
      case 'accepted': {
        // [NT8] The duplicate window: a crash between the push service's answer and this record sends it again once the lease ends.
        await finish(delivery, 'sent');
        metrics.sent.inc();
        metrics.lag.observe(Math.max(0, now() - Date.parse(delivery.fireAt)) / 1000);
        return;
      }
      case 'gone':
        // [NT13] The browser unsubscribed or the subscription expired: forget it (and its other pending deliveries).
        await finish(delivery, 'failed');
        metrics.failed.inc({ reason: 'gone' });
        return removeSubscription(delivery, 'gone', outcome.status);
      case 'unusable':
        // [NT17] [NT18] A blocked address, an unknown host, a key that does not encrypt: it would fail every time.
        await finish(delivery, 'failed');
        metrics.failed.inc({ reason: 'unusable' });
        return removeSubscription(delivery, outcome.reason, null);
      case 'rejected': {
        await finish(delivery, outcome.strike ? 'rejected' : 'failed');
        metrics.failed.inc({ reason: 'rejected' });
        logger.warn({ subscriptionId: delivery.subscription.id, status: outcome.status }, 'push service refused a reminder');
        if (outcome.strike && (await store.rejectionStreak(delivery.subscription.id, MAX_REJECTIONS_IN_A_ROW)) >= MAX_REJECTIONS_IN_A_ROW) {
          await removeSubscription(delivery, 'rejected repeatedly', outcome.status);
        }
        return;
      }
      case 'retry': {
        if (delivery.attempts >= MAX_DELIVERY_ATTEMPTS) {
          await finish(delivery, 'failed');
          metrics.failed.inc({ reason: 'exhausted' });
          logger.warn({ subscriptionId: delivery.subscription.id, attempts: delivery.attempts }, 'reminder not delivered: retries spent');
          return;
        }
        const retryAt = new Date(now() + retryDelayMs(delivery.attempts, outcome.retryAfterMs)).toISOString();
        if (!(await store.retryReminderDelivery(delivery.id, owner, retryAt))) leaseLost(delivery, 'retry');
        metrics.retried.inc();
        return;
      }
    }
  }

  async function poll(): Promise<boolean> {
    const atMs = now();
    const dueTasks = await store.dueReminderTasks(new Date(atMs).toISOString(), batch);
    for (const due of dueTasks) await scheduleSafely(due, atMs);
    // [NT21] Taken now, not at the poll's start: time spent scheduling must not shorten the lease nor claim early.
    const claimMs = now();
    const claimed = await store.claimReminderDeliveries(
      owner,
      new Date(claimMs).toISOString(),
      new Date(claimMs + options.leaseMs).toISOString(),
      batch,
    );
    await Promise.all(
      claimed.map((delivery) =>
        deliver(delivery).catch((error: unknown) => logger.error({ err: error, deliveryId: delivery.id }, 'reminder delivery failed')),
      ),
    );
    if (atMs - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = atMs;
      await store.pruneReminderDeliveries(new Date(atMs - FIRE_HORIZON_MS).toISOString());
    }
    metrics.polls.inc();
    return dueTasks.length === batch || claimed.length === batch;
  }

  function runOnce(): Promise<void> {
    running ??= poll()
      .then((more) => schedule(more ? 0 : options.pollIntervalMs))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'notifier poll failed');
        schedule(options.pollIntervalMs);
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  function schedule(delayMs: number): void {
    if (stopped || timer === undefined) return;
    timer = setTimeout(() => void runOnce(), delayMs);
  }

  return {
    start() {
      if (timer !== undefined || stopped) return;
      timer = setTimeout(() => void runOnce(), 0);
    },
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
