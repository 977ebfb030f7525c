export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INVALID_MESSAGE',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'CONFLICT',
  'CHECKPOINT_UNKNOWN',
  'RATE_LIMITED',
  'TOO_MANY_SOCKETS',
  'CLIENT_TOO_OLD',
  'SERVER_TOO_OLD',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether a client may retry the same request unchanged and expect a different outcome. */
export const RETRYABLE_BY_CODE: Record<ErrorCode, boolean> = {
  UNAUTHENTICATED: false,
  FORBIDDEN: false,
  INVALID_MESSAGE: false,
  PAYLOAD_TOO_LARGE: false,
  NOT_FOUND: false,
  CONFLICT: false,
  /** The server no longer has the history the checkpoint points into (docs/protocol.md [G3]): resync from scratch. */
  CHECKPOINT_UNKNOWN: false,
  RATE_LIMITED: true,
  /** The account has MAX_SOCKETS_PER_USER connections open (docs/protocol.md [AB1]); connect again once one closes. */
  TOO_MANY_SOCKETS: true,
  CLIENT_TOO_OLD: false,
  /** The client is newer than the server (a rolling upgrade): keep working offline and retry later. */
  SERVER_TOO_OLD: true,
  UNAVAILABLE: true,
  INTERNAL: true,
};
