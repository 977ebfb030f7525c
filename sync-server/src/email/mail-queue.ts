import type { Logger } from '../logging/logger';

/** Jobs waiting beyond this are dropped (and logged): a flood of requests cannot grow the server's memory. */
export const MAIL_QUEUE_LIMIT = 200;

export type MailQueue = {
  /** False when the queue is full and the job was dropped. */
  enqueue(kind: string, job: () => Promise<void>): boolean;
  /** Resolves once every job enqueued so far has finished (shutdown, tests). */
  idle(): Promise<void>;
};

/**
 * [AC1] Account-e-mail work runs after the answer, one job at a time: the answer to a reset request cannot depend
 * on whether the account exists, how long the store took, or how slow the SMTP server is. A failed job is logged
 * (without the message or its token) and the next one runs.
 */
export function createMailQueue(logger: Logger, limit = MAIL_QUEUE_LIMIT): MailQueue {
  let tail: Promise<void> = Promise.resolve();
  let waiting = 0;
  return {
    enqueue(kind, job) {
      if (waiting >= limit) {
        logger.warn({ kind, limit }, 'account e-mail queue is full; a job was dropped');
        return false;
      }
      waiting += 1;
      tail = tail.then(job).then(
        () => {
          waiting -= 1;
        },
        (error: unknown) => {
          waiting -= 1;
          // Codes only ([AC9]): an SMTP error's message and `response` quote the server's reply, which names the address.
          const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
          logger.error({ kind, code, responseCode }, 'account e-mail failed');
        },
      );
      return true;
    },
    idle: () => tail,
  };
}
