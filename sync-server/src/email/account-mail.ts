import type { MailMessage } from './mail-transport';

/** The app's routes for the links (client/src/ui/account/account-route.ts reads them); the token sits in the fragment, which no browser sends to a server. */
export const RESET_PATH = '/#/reset?token=';
export const VERIFY_PATH = '/#/verify?token=';

function link(publicUrl: string, path: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}${token}`;
}

/** [AC2] The password-reset message: the link, how long it lasts, and what to do when it was not you. */
export function passwordResetMail(to: string, publicUrl: string, token: string, validMinutes: number): MailMessage {
  return {
    to,
    subject: 'Reset your Tasklane password',
    text: [
      'Someone (hopefully you) asked to reset the password of your Tasklane account.',
      '',
      'Choose a new password here:',
      link(publicUrl, RESET_PATH, token),
      '',
      `The link works once, for ${validMinutes} minutes. Resetting signs every device out.`,
      'If you did not ask for this, ignore this message: your password stays as it is.',
    ].join('\n'),
  };
}

/** [AC5] The address-verification message. */
export function verificationMail(to: string, publicUrl: string, token: string, validHours: number): MailMessage {
  return {
    to,
    subject: 'Confirm your e-mail address for Tasklane',
    text: [
      'Confirm that this address belongs to your Tasklane account:',
      link(publicUrl, VERIFY_PATH, token),
      '',
      `The link works once, for ${validHours} hours. If you did not sign up for Tasklane, ignore this message.`,
    ].join('\n'),
  };
}
