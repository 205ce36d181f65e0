import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport } from 'nodemailer';
import { MailConfig } from 'src/config/app-config';
import { MailTransportKind } from 'src/config/sections/mail.config';
import { redactUrlPassword } from 'src/config/env-transforms';

/** A message ready to go: rendered, addressed, with its sender. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Delivery {
  messageId: string;
  /** The .eml file, for messages kept in the outbox. */
  file?: string;
}

/** Where messages go. The DI token of MailService's transport; tests may provide their own. */
export abstract class MailTransport {
  abstract readonly kind: MailTransportKind;
  /** Where this transport delivers to, without credentials, for the start-up log. */
  abstract readonly destination: string;
  abstract deliver(mail: OutgoingMail): Promise<Delivery>;
  abstract close(): void;
}

/**
 * One SMTP connection per message: mail is rare (verification, resets, alerts) and a pool would
 * hold sockets that the server closes when idle and that shutdown would have to wait for.
 */
export class SmtpMailTransport extends MailTransport {
  readonly kind = 'smtp';
  readonly destination: string;
  private readonly transporter;

  constructor(url: string, timeoutMs: number) {
    super();
    this.destination = redactUrlPassword(url);
    this.transporter = createTransport({
      url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      dnsTimeout: timeoutMs,
      logger: false,
      debug: false,
    });
  }

  async deliver(mail: OutgoingMail): Promise<Delivery> {
    const info = await this.transporter.sendMail(mail);
    return { messageId: info.messageId };
  }

  close(): void {
    this.transporter.close();
  }
}

/** Each message as an RFC 822 .eml file (CRLF line ends), readable by any mail client. */
export class OutboxMailTransport extends MailTransport {
  readonly kind = 'outbox';
  readonly destination: string;
  private readonly transporter = createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
  });

  constructor(directory: string) {
    super();
    this.destination = resolve(directory);
  }

  async deliver(mail: OutgoingMail): Promise<Delivery> {
    const info = await this.transporter.sendMail(mail);
    // Messages carry single-use tokens: the folder and files are for the owner only.
    await mkdir(this.destination, { recursive: true, mode: 0o700 });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = join(this.destination, `${stamp}-${randomBytes(4).toString('hex')}.eml`);
    await writeFile(file, info.message as Buffer, { mode: 0o600, flag: 'wx' });
    return { messageId: info.messageId, file };
  }

  close(): void {
    this.transporter.close();
  }
}

export function createMailTransport(mail: MailConfig): MailTransport {
  return mail.transport === 'smtp' && mail.smtpUrl
    ? new SmtpMailTransport(mail.smtpUrl, mail.timeoutMs)
    : new OutboxMailTransport(mail.outboxDir);
}
