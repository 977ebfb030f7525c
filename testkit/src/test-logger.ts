import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@tasklane/sync-server/src/logging/logger';

/** A logger that keeps every line, so tests can assert on what was (not) logged. */
export function createCapturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { logger: createLogger('debug', { destination }), lines };
}
