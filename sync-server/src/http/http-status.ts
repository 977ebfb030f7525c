import type { ErrorCode } from '@tasklane/shared/protocol/error-codes';

/** The one table from error code to HTTP status. */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_MESSAGE: 400,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LIST_LIMIT: 409,
  UNSAFE_TEXT: 400,
  CHECKPOINT_UNKNOWN: 410,
  RATE_LIMITED: 429,
  TOO_MANY_SOCKETS: 429,
  CLIENT_TOO_OLD: 426,
  SERVER_TOO_OLD: 503,
  UNAVAILABLE: 503,
  EMAIL_UNAVAILABLE: 503,
  PUSH_UNAVAILABLE: 501,
  INTERNAL: 500,
};
