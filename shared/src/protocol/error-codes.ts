export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INVALID_MESSAGE',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'CLIENT_TOO_OLD',
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
  RATE_LIMITED: true,
  CLIENT_TOO_OLD: false,
  UNAVAILABLE: true,
  INTERNAL: true,
};
