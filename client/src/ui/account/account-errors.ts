import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { PASSWORD_MIN_LENGTH } from '../../session/auth-api';
import { NetworkError, SessionExpiredError } from '../../session/session-errors';

/** Where an account request was made: from a mailed link (no session), or inside the signed-in Account dialog. */
export type AccountErrorContext = 'link' | 'session';

const SESSION_ENDED = 'Your session ended. Sign in again first.';

/**
 * An account request's failure in words. UNAUTHENTICATED means the link was refused on a link's page, but the
 * sign-in was refused inside the Account dialog, which holds no link ([AC21]).
 */
export function explainAccountError(error: unknown, context: AccountErrorContext): string {
  if (error instanceof NetworkError) return 'You are offline. This needs a connection.';
  if (error instanceof SessionExpiredError) return SESSION_ENDED;
  if (error instanceof ProtocolError) {
    if (error.code === 'EMAIL_UNAVAILABLE') return 'This server cannot send e-mail. Ask whoever runs it.';
    if (error.code === 'RATE_LIMITED') return 'Too many attempts. Wait a while and try again.';
    if (error.code === 'FORBIDDEN') return 'The password is wrong.';
    if (error.code === 'INVALID_MESSAGE') return `Enter a valid email and a password of at least ${PASSWORD_MIN_LENGTH} characters.`;
    if (error.code === 'UNAUTHENTICATED') {
      return context === 'link' ? 'This link is invalid, has expired or was already used. Ask for a new one.' : SESSION_ENDED;
    }
  }
  return 'Something went wrong on the server. Try again in a moment.';
}
