import type { Logger } from '../logging/logger';
import type { NotifierOptions } from '../notifier/notifier';
import type { RemindersConfig } from './reminders-config';
import type { ServerReminders } from './server-reminders';
import { resolveVapidKeys } from './vapid-keys';

export function notifierOptions(config: RemindersConfig): NotifierOptions {
  return { maxLatenessMs: config.maxLatenessMs, pollIntervalMs: config.pollIntervalMs, leaseMs: config.leaseMs };
}

/** [NT6] The server's reminders at start-up: keys resolved (generated once in development); none in production is a warning, not a failure. */
export function serverReminders(config: RemindersConfig, logger: Logger): ServerReminders {
  const vapid = resolveVapidKeys(config.vapid);
  if (!vapid)
    logger.warn(
      'no VAPID keys in production: reminders are off (push-config says null; set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT)',
    );
  return { vapid, endpointHosts: config.endpointHosts, ...(config.notifier === 'in-process' ? { notifier: notifierOptions(config) } : {}) };
}
