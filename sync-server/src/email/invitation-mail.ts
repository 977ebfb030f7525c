import type { MailMessage } from './mail-transport';

/** The app's route where a signed-in person sees their invitations (client/src/ui/sharing reads it). */
export const INVITATIONS_PATH = '/#/invitations';

/**
 * [SH3] The invitation message. It names the inviter's address and the role, never the list's name: a name is the
 * owner's text, and a mail that quoted it would let anyone with an account send arbitrary words from this server.
 */
export function invitationMail(
  to: string,
  publicUrl: string,
  inviterEmail: string,
  role: 'editor' | 'viewer',
  validDays: number,
): MailMessage {
  return {
    to,
    subject: 'A Tasklane list was shared with you',
    text: [
      `${inviterEmail} invited you to a list on Tasklane, as ${role === 'editor' ? 'an editor' : 'a viewer'}.`,
      '',
      'Sign in (or sign up with this address) to accept or decline it:',
      `${publicUrl.replace(/\/+$/, '')}${INVITATIONS_PATH}`,
      '',
      `The invitation lasts ${validDays} days. If you do not know the sender, ignore this message.`,
    ].join('\n'),
  };
}
