import client, { type Registry } from 'prom-client';

/** [NT16] The notifier's counters, on the registry of the process it runs in (the server's, or notifier.js's own). */
export function createNotifierMetrics(registry: Registry) {
  return {
    due: new client.Counter({
      name: 'reminders_due_total',
      help: 'Reminder deliveries (one per fire and subscription) that came due',
      registers: [registry],
    }),
    sent: new client.Counter({
      name: 'reminders_sent_total',
      help: 'Reminder deliveries the push service accepted',
      registers: [registry],
    }),
    failed: new client.Counter({
      name: 'reminders_failed_total',
      help: 'Reminder deliveries given up: gone (404/410) or unusable (blocked or unknown host, bad key), both deleting the subscription; rejected (other 4xx/3xx); exhausted (retries spent)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    dropped: new client.Counter({
      name: 'reminders_dropped_total',
      help: 'Reminder deliveries not sent because they were older than REMINDER_MAX_LATENESS',
      registers: [registry],
    }),
    retried: new client.Counter({
      name: 'reminders_retried_total',
      help: 'Reminder sends answered 429/5xx or not answered, to be tried again after a back-off',
      registers: [registry],
    }),
    lag: new client.Histogram({
      name: 'reminder_delivery_lag_seconds',
      help: 'From a reminder fire time to the push service accepting its message',
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers: [registry],
    }),
    leaseLost: new client.Counter({
      name: 'reminders_lease_lost_total',
      help: 'Reminder deliveries whose lease ran out before this notifier recorded their outcome (another may send them again)',
      registers: [registry],
    }),
    polls: new client.Counter({
      name: 'notifier_polls_total',
      help: 'Notifier polls for due reminders completed',
      registers: [registry],
    }),
  };
}

export type NotifierMetrics = ReturnType<typeof createNotifierMetrics>;
