import pino from 'pino';
import type { LogLevel } from './log-level';
import { redactLogLine } from './redact-log-line';

export type Logger = pino.Logger;

const ERROR_LEVEL = 50;

export type LoggerOptions = {
  destination?: pino.DestinationStream;
  /** Every line's `service`: which process wrote it. */
  service?: 'tasklane-sync-server' | 'tasklane-notifier';
  /** Called with the `err` of every error-level line (error reporting, e.g. Sentry). */
  onError?: (error: unknown) => void;
};

export function createLogger(level: LogLevel, { destination, onError, service = 'tasklane-sync-server' }: LoggerOptions = {}): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    // Redaction runs on the finished line: pino's `redact` paths cannot say "at any depth" ([LG1]).
    hooks: { streamWrite: redactLogLine },
  };
  if (onError) {
    options.hooks = {
      ...options.hooks,
      logMethod(args, method, methodLevel) {
        const first: unknown = args[0];
        if (methodLevel >= ERROR_LEVEL && first !== null && typeof first === 'object' && 'err' in first) {
          onError(first.err);
        }
        method.apply(this, args);
      },
    };
  }
  return destination ? pino(options, destination) : pino(options);
}
