import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../logging/logger';

export type MailMessage = { to: string; subject: string; text: string };

/**
 * Where account e-mails go ([AC10]): an SMTP server (SMTP_URL), the development outbox folder
 * (DATA_DIR/outbox, without SMTP_URL outside production), or nowhere (production without SMTP_URL).
 */
export type MailTransportConfig =
  { kind: 'smtp'; url: string; from: string } | { kind: 'outbox'; dir: string; from: string } | { kind: 'none' };

export type MailTransport = {
  readonly kind: MailTransportConfig['kind'];
  /** Rejects when the message could not be handed over; never logs its text (it holds a link with a token). */
  send(message: MailMessage): Promise<void>;
  close(): void;
};

const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** A file name that sorts by time and never collides: `<ISO time>-<uuid>.eml`, colons removed for every file system. */
function outboxFileName(now: Date): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`;
}

export function createMailTransport(config: MailTransportConfig, logger: Logger): MailTransport {
  if (config.kind === 'none') {
    return {
      kind: 'none',
      send: () => Promise.reject(new Error('this server has no SMTP_URL: it sends no e-mail')),
      close: () => undefined,
    };
  }
  if (config.kind === 'outbox') {
    // The whole message, as an SMTP server would receive it, into a buffer: written as one .eml file.
    const writer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }, { from: config.from });
    return {
      kind: 'outbox',
      async send(message) {
        const info = await writer.sendMail({ ...message, textEncoding: 'quoted-printable' });
        fs.mkdirSync(config.dir, { recursive: true, mode: 0o700 });
        const file = path.join(config.dir, outboxFileName(new Date()));
        fs.writeFileSync(file, info.message as Buffer, { mode: 0o600 });
        // The file holds the link; the log line only says where it is ([AC9]).
        logger.info({ file, subject: message.subject }, 'development outbox: an account e-mail was written (no SMTP_URL set)');
      },
      close: () => writer.close(),
    };
  }
  const smtp = nodemailer.createTransport(config.url, { from: config.from });
  // nodemailer takes its timeouts from the options object only, not from a URL: set them on the parsed options.
  Object.assign(smtp.options, SMTP_TIMEOUTS);
  return {
    kind: 'smtp',
    async send(message) {
      await smtp.sendMail({ ...message, textEncoding: 'quoted-printable' });
    },
    close: () => smtp.close(),
  };
}
