import client, { type Registry } from 'prom-client';

/** [NT16] The notifier's counters, on the registry of the process it runs in (the server's, or notifier.js's own). */
export function createNotifierMetrics(registry: Registry) {
  const counter = <Label extends string = string>(name: string, help: string, labelNames: readonly Label[] = []) =>
    new client.Counter<Label>({ name, help, labelNames, registers: [registry] });
  return {
    due: counter('reminders_due_total', 'Reminder deliveries (one per fire and subscription) that came due'),
    sent: counter('reminders_sent_total', 'Reminder deliveries the push service accepted'),
    failed: counter(
      'reminders_failed_total',
      'Reminder deliveries given up: gone (404/410) or unusable (blocked or unknown host, bad key), both deleting the subscription; rejected (other 4xx/3xx); exhausted (retries spent)',
      ['reason'] as const,
    ),
    dropped: counter('reminders_dropped_total', 'Reminder deliveries not sent because they were older than REMINDER_MAX_LATENESS'),
    retried: counter('reminders_retried_total', 'Reminder sends answered 429/5xx or not answered, to be tried again after a back-off'),
    lag: new client.Histogram({
      name: 'reminder_delivery_lag_seconds',
      help: 'From a reminder fire time to the push service accepting its message',
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers: [registry],
    }),
    leaseLost: counter(
      'reminders_lease_lost_total',
      'Reminder deliveries whose lease ran out before this notifier recorded their outcome (another may send them again)',
    ),
    polls: counter('notifier_polls_total', 'Notifier polls for due reminders completed'),
  };
}

export type NotifierMetrics = ReturnType<typeof createNotifierMetrics>;
