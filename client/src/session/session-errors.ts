/** A network failure (no answer at all): retry later, do not sign out. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('the server cannot be reached', { cause });
    this.name = 'NetworkError';
  }
}

/** Thrown when the refresh token is gone or revoked: the user must sign in again (local data stays). */
export class SessionExpiredError extends Error {
  constructor(cause?: unknown) {
    super('the session ended; sign in again to sync', { cause });
    this.name = 'SessionExpiredError';
  }
}
