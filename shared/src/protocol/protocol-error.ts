import type { ErrorBody } from './error-body';
import { RETRYABLE_BY_CODE, type ErrorCode } from './error-codes';

/** The one error class of client and server: a stable code, a human message, retryability. */
export class ProtocolError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProtocolError';
    this.code = code;
    this.retryable = RETRYABLE_BY_CODE[code];
    this.retryAfterMs = options.retryAfterMs;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.retryAfterMs !== undefined) body.retryAfterMs = this.retryAfterMs;
    return body;
  }

  static fromBody(body: ErrorBody): ProtocolError {
    return new ProtocolError(body.code, body.message, body.retryAfterMs === undefined ? {} : { retryAfterMs: body.retryAfterMs });
  }
}
