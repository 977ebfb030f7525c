export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INVALID_MESSAGE',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'CONFLICT',
  'LIST_LIMIT',
  'UNSAFE_TEXT',
  'INVALID_ASSIGNEE',
  'CHECKPOINT_UNKNOWN',
  'RATE_LIMITED',
  'TOO_MANY_SOCKETS',
  'CLIENT_TOO_OLD',
  'SERVER_TOO_OLD',
  'UNAVAILABLE',
  'EMAIL_UNAVAILABLE',
  'PUSH_UNAVAILABLE',
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
  /** [RJ2] The account holds the most lists it may; deleting one makes room. */
  LIST_LIMIT: false,
  /** [UC2] A text holds a control or bidi character; the same text is refused again. */
  UNSAFE_TEXT: false,
  /** [AS3] The assignee may not edit the task's list (or is not the owner, outside a shared list). */
  INVALID_ASSIGNEE: false,
  /** The server no longer has the history the checkpoint points into (docs/protocol.md [G3]): resync from scratch. */
  CHECKPOINT_UNKNOWN: false,
  RATE_LIMITED: true,
  /** The account has MAX_SOCKETS_PER_USER connections open (docs/protocol.md [AB1]); connect again once one closes. */
  TOO_MANY_SOCKETS: true,
  CLIENT_TOO_OLD: false,
  /** The client is newer than the server (a rolling upgrade): keep working offline and retry later. */
  SERVER_TOO_OLD: true,
  UNAVAILABLE: true,
  /** [AC10] This server sends no e-mail (production without SMTP_URL): password reset and verification are off. */
  EMAIL_UNAVAILABLE: false,
  /** [NT6] This server sends no reminders (production without VAPID keys): push subscriptions are refused. */
  PUSH_UNAVAILABLE: false,
  INTERNAL: true,
};
