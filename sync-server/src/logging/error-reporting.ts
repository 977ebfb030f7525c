import { redactSensitiveFields } from './redact-log-line';

/**
 * Optional error reporting: with SENTRY_DSN set, every error-level log line
 * that carries an `err` is also sent to Sentry. Loaded only when configured.
 * Reports go through the same redaction as log lines (docs/operations.md [LG3]).
 */
export async function createSentryReporter(dsn: string, environment: string): Promise<(error: unknown) => void> {
  const Sentry = await import('@sentry/node');
  Sentry.init({
    dsn,
    environment,
    beforeSend: (event) => redactSensitiveFields(event),
    beforeBreadcrumb: (breadcrumb) => redactSensitiveFields(breadcrumb),
  });
  return (error) => {
    Sentry.captureException(error);
  };
}
