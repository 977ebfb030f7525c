import pino from 'pino';
import type { LogLevel } from './log-level';

export type Logger = pino.Logger;

/** Paths whose values never reach a log line, wherever they appear. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'secret',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

const ERROR_LEVEL = 50;

export type LoggerOptions = {
  destination?: pino.DestinationStream;
  /** Called with the `err` of every error-level line (error reporting, e.g. Sentry). */
  onError?: (error: unknown) => void;
};

export function createLogger(level: LogLevel, { destination, onError }: LoggerOptions = {}): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'tasklane-sync-server' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (onError) {
    options.hooks = {
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
