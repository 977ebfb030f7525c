import webpush from 'web-push';
import { configProblems, PRODUCTION_ENV } from '../../test/support/config-problems';
import { parseConfig } from '../config';
import { vapidKeysProblem } from './vapid-keys';

describe('VAPID keys', () => {
  const keys = webpush.generateVAPIDKeys();
  const other = webpush.generateVAPIDKeys();

  it('[NT5] malformed, mismatched or half-set keys refuse start-up, in development as in production', () => {
    expect(configProblems({ VAPID_PUBLIC_KEY: keys.publicKey })).toEqual([
      'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are set together or not at all',
    ]);
    expect(configProblems({ VAPID_PUBLIC_KEY: 'not-a-key', VAPID_PRIVATE_KEY: keys.privateKey })[0]).toMatch(/VAPID_PUBLIC_KEY must be/);
    expect(configProblems({ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: 'c2hvcnQ' })[0]).toMatch(/VAPID_PRIVATE_KEY must be/);
    expect(configProblems({ VAPID_PUBLIC_KEY: other.publicKey, VAPID_PRIVATE_KEY: keys.privateKey })).toEqual([
      'VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY',
    ]);
    expect(configProblems({ ...PRODUCTION_ENV, VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey })).toEqual([
      'VAPID_SUBJECT is required in production when VAPID keys are set',
    ]);
    expect(configProblems({ VAPID_SUBJECT: 'http://example.com' })).toEqual(['VAPID_SUBJECT must be a mailto: address or an https: URL']);
    expect(vapidKeysProblem({ ...keys, subject: 'mailto:ops@example.com' })).toBeNull();
  });

  it('[NT6] production without keys starts with reminders off; with keys and a subject it uses them', () => {
    expect(parseConfig(PRODUCTION_ENV).reminders.vapid).toEqual({ source: 'none' });
    const env = {
      ...PRODUCTION_ENV,
      VAPID_PUBLIC_KEY: keys.publicKey,
      VAPID_PRIVATE_KEY: keys.privateKey,
      VAPID_SUBJECT: 'mailto:ops@example.com',
    };
    expect(parseConfig(env).reminders.vapid).toEqual({ source: 'environment', ...keys, subject: 'mailto:ops@example.com' });
    expect(parseConfig({ DATA_DIR: '/tmp/x' }).reminders.vapid).toMatchObject({ source: 'generated', dir: '/tmp/x' });
  });

  it('[NT10] REMINDER_MAX_LATENESS is bounded at 7 days', () => {
    expect(parseConfig({ REMINDER_MAX_LATENESS: '2h' }).reminders.maxLatenessMs).toBe(7_200_000);
    expect(configProblems({ REMINDER_MAX_LATENESS: '8d' })).toEqual(['REMINDER_MAX_LATENESS may be at most 7d, got 691200 s']);
  });
});
