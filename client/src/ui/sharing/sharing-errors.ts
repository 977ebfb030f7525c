import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { NetworkError, SessionExpiredError } from '../../session/session-errors';

/** Where a sharing request was made: accepting an invitation, or managing a list's members and invitations. */
export type SharingErrorContext = 'accept' | 'manage';

/** Sentences the server writes for the user ([SH9]–[SH11]: limits, an owner leaving, a second invitation): said as they are. */
const SAID_AS_SENT = new Set(['CONFLICT', 'LIST_LIMIT', 'INVALID_MESSAGE']);

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

/** [SC1] [SC2] A sharing request's failure in words, by its code. */
export function explainSharingError(error: unknown, context: SharingErrorContext): string {
  if (error instanceof NetworkError) return 'You are offline. Sharing needs a connection.';
  if (error instanceof SessionExpiredError) return 'Your session ended. Sign in again first.';
  if (!(error instanceof ProtocolError)) return 'Something went wrong on the server. Try again in a moment.';
  switch (error.code) {
    case 'FORBIDDEN':
      return context === 'accept'
        ? 'Confirm your email address first: open the link we sent when you signed up, or send it again below.'
        : 'Only the owner of this list can do that.';
    case 'NOT_FOUND':
      return context === 'accept'
        ? 'This invitation is no longer there: it expired, was withdrawn or was answered already.'
        : 'That is no longer there: the list, member or invitation has changed meanwhile.';
    case 'UNAUTHENTICATED':
      return 'Your session ended. Sign in again first.';
    case 'RATE_LIMITED':
      return 'Too many requests. Wait a while and try again.';
    case 'EMAIL_UNAVAILABLE':
      return 'This server cannot send e-mail. Ask whoever runs it.';
    default:
      return SAID_AS_SENT.has(error.code) ? sentence(error.message) : 'Something went wrong on the server. Try again in a moment.';
  }
}
