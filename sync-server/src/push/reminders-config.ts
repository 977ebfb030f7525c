import type { ConfigValues } from '../config-variables';
import { DEVELOPMENT_VAPID_SUBJECT, vapidKeysProblem, type VapidSource } from './vapid-keys';

/** [NT10] REMINDER_MAX_LATENESS may not exceed this (well inside the fire horizon of next-fire-at.ts). */
export const MAX_REMINDER_LATENESS_SECONDS = 7 * 86_400;

export type NotifierMode = 'in-process' | 'off';

export type RemindersConfig = {
  vapid: VapidSource;
  /** [NT14] `in-process`: this server also runs the notifier; `off`: a separate `notifier.js` process does. */
  notifier: NotifierMode;
  /** [NT10] A fire older than this when it could be sent is dropped and counted. */
  maxLatenessMs: number;
  /** How often the notifier looks for due reminders. */
  pollIntervalMs: number;
  /** [NT8] A claimed delivery's lease. */
  leaseMs: number;
  /** [NT17] PUSH_ENDPOINT_HOSTS. */
  endpointHosts: string[];
};

/** [NT5] Malformed or half-set VAPID keys refuse start-up, in development as in production. */
export function remindersProblems(values: ConfigValues): string[] {
  const problems: string[] = [];
  const { vapidPublicKey, vapidPrivateKey, vapidSubject } = values;
  if ((vapidPublicKey === undefined) !== (vapidPrivateKey === undefined)) {
    problems.push('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are set together or not at all');
  } else if (vapidPublicKey !== undefined && vapidPrivateKey !== undefined) {
    if (values.production && vapidSubject === undefined) problems.push('VAPID_SUBJECT is required in production when VAPID keys are set');
    const problem = vapidKeysProblem({
      publicKey: vapidPublicKey,
      privateKey: vapidPrivateKey,
      subject: vapidSubject ?? DEVELOPMENT_VAPID_SUBJECT,
    });
    if (problem) problems.push(problem);
  }
  if (values.reminderMaxLatenessSeconds > MAX_REMINDER_LATENESS_SECONDS) {
    problems.push(`REMINDER_MAX_LATENESS may be at most 7d, got ${values.reminderMaxLatenessSeconds} s`);
  }
  return problems;
}

/** The reminders' slice of the configuration: keys from the environment, generated (development), or none (production, [NT6]). */
export function remindersSlice(values: ConfigValues): RemindersConfig {
  const { vapidPublicKey, vapidPrivateKey, vapidSubject } = values;
  const subject = vapidSubject ?? DEVELOPMENT_VAPID_SUBJECT;
  let vapid: VapidSource;
  if (vapidPublicKey !== undefined && vapidPrivateKey !== undefined) {
    vapid = { source: 'environment', publicKey: vapidPublicKey, privateKey: vapidPrivateKey, subject };
  } else vapid = values.production ? { source: 'none' } : { source: 'generated', dir: values.dataDir, subject };
  return {
    vapid,
    notifier: values.notifierMode,
    maxLatenessMs: values.reminderMaxLatenessSeconds * 1000,
    pollIntervalMs: values.notifierPollIntervalMs,
    leaseMs: values.notifierLeaseMs,
    endpointHosts: values.pushEndpointHosts,
  };
}
