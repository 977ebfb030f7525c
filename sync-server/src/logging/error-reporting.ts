/**
 * Optional error reporting: with SENTRY_DSN set, every error-level log line
 * that carries an `err` is also sent to Sentry. Loaded only when configured.
 */
export async function createSentryReporter(dsn: string, environment: string): Promise<(error: unknown) => void> {
  const Sentry = await import('@sentry/node');
  Sentry.init({ dsn, environment });
  return (error) => {
    Sentry.captureException(error);
  };
}
