import { parseConfig } from './config';
import { configProblems, PRODUCTION_ENV } from '../test/support/config-problems';

describe('configuration of account e-mails', () => {
  it('[AC10] without SMTP_URL development writes to DATA_DIR/outbox and production sends none', () => {
    expect(parseConfig({ DATA_DIR: '/srv/tasklane' }).email).toEqual({
      transport: { kind: 'outbox', dir: '/srv/tasklane/outbox', from: 'Tasklane <no-reply@localhost>' },
      publicUrl: undefined,
      perAddressPerHour: 5,
    });
    expect(parseConfig(PRODUCTION_ENV).email.transport).toEqual({ kind: 'none' });
  });

  it('[AC10] SMTP_URL sends through SMTP, from MAIL_FROM or no-reply at the host of PUBLIC_URL; links point at PUBLIC_URL', () => {
    const env = {
      ...PRODUCTION_ENV,
      SMTP_URL: 'smtps://user:pass@mail.example.com:465',
      PUBLIC_URL: 'https://tasks.example.com/',
      RATE_LIMIT_EMAIL: '9',
    };
    expect(parseConfig(env).email).toEqual({
      transport: { kind: 'smtp', url: 'smtps://user:pass@mail.example.com:465', from: 'Tasklane <no-reply@tasks.example.com>' },
      publicUrl: 'https://tasks.example.com',
      perAddressPerHour: 9,
    });
    expect(parseConfig({ ...env, MAIL_FROM: 'Tasks <tasks@example.org>' }).email.transport).toMatchObject({
      from: 'Tasks <tasks@example.org>',
    });
  });

  it('[AC10] a malformed SMTP_URL or PUBLIC_URL, or SMTP_URL without PUBLIC_URL in production, refuses to start', () => {
    expect(configProblems({ SMTP_URL: 'http://mail.example.com' })).toEqual(['SMTP_URL must start with smtp:// or smtps://']);
    expect(configProblems({ PUBLIC_URL: 'tasks.example.com' })).toEqual([
      'PUBLIC_URL must be an http(s) URL without query or fragment, like https://tasks.example.com',
    ]);
    expect(configProblems({ PUBLIC_URL: 'https://tasks.example.com/#/x' })).toHaveLength(1);
    expect(configProblems({ ...PRODUCTION_ENV, SMTP_URL: 'smtp://mail.example.com' })).toEqual([
      'PUBLIC_URL is required with SMTP_URL in production: e-mailed links point there',
    ]);
    expect(configProblems({ RATE_LIMIT_EMAIL: '0' })).toHaveLength(1);
  });
});

describe('PUBLIC_URL in production', () => {
  it('[AC18] production refuses an http:// PUBLIC_URL (mailed links carry a token); development allows it', () => {
    expect(configProblems({ ...PRODUCTION_ENV, PUBLIC_URL: 'http://tasks.example.com' })).toEqual([
      'PUBLIC_URL must be https:// in production: e-mailed links carry a token',
    ]);
    expect(configProblems({ ...PRODUCTION_ENV, PUBLIC_URL: 'https://tasks.example.com' })).toEqual([]);
    expect(configProblems({ PUBLIC_URL: 'http://localhost:3000' })).toEqual([]);
  });
});
