import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { AppException } from 'src/platform/errors/app.exception';
import { renderMail } from 'src/platform/mail/mail-layout';
import { MailTemplate, RenderedMail } from 'src/platform/mail/mail-template';
import { MailTransport } from 'src/platform/mail/mail-transport';
import { scrubValues } from 'src/platform/logging/safe-error';
import { MailTransportKind } from 'src/config/sections/mail.config';

/** One address, no display name, nothing that could add a header or a second recipient. */
const SINGLE_ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

export interface MailMessage extends RenderedMail {
  to: string;
}

export interface SentMail {
  messageId: string;
  transport: MailTransportKind;
  /** The .eml file, when the message went to the outbox. */
  file?: string;
}

/**
 * Thrown when a message could not be handed over. Callers decide what it means: a password reset
 * still answers 202 (nothing may reveal whether the account exists), a job rethrows it to be
 * retried. Uncaught, it answers 503 with Retry-After.
 */
export class MailDeliveryError extends AppException {
  constructor(cause: unknown) {
    super('MAIL_DELIVERY_FAILED', 'The message could not be sent; try again later', {
      retryAfterSeconds: 60,
      cause,
    });
    this.name = 'MailDeliveryError';
  }
}

/**
 * Sends mail right away and says whether it worked. Sending does not go through the job queue:
 * a queued message would sit in the queue's table with its single-use link in plain text for
 * days. A caller that needs retries runs the sending in a job of its own, which pg-boss retries
 * on MailDeliveryError and which renders the message again from data that is safe to store.
 */
@Injectable()
export class MailService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly config: AppConfig,
    private readonly transport: MailTransport,
  ) {}

  onApplicationBootstrap(): void {
    if (this.transport.kind === 'smtp') {
      this.logger.log(`Mail is sent through ${this.transport.destination}`);
    } else if (this.config.isProduction) {
      this.logger.warn(
        `MAIL_TRANSPORT=outbox: mail is kept in ${this.transport.destination}, not sent`,
      );
    } else {
      this.logger.log(`No SMTP_URL: mail is written to ${this.transport.destination}`);
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }

  /** Renders `template` with `data` in the shared layout and sends it to one address. */
  send<Data>(to: string, template: MailTemplate<Data>, data: Data): Promise<SentMail> {
    return this.sendMessage({ to, ...renderMail(template, data) });
  }

  /** Sends an already rendered message (subject, text and HTML) to one address. */
  async sendMessage(message: MailMessage): Promise<SentMail> {
    if (!SINGLE_ADDRESS.test(message.to)) {
      throw new TypeError('A message goes to exactly one plain email address');
    }
    try {
      const delivery = await this.transport.deliver({ from: this.config.mail.from, ...message });
      this.logger.log({
        message: delivery.file ? `Mail written to ${delivery.file}` : 'Mail sent',
        messageId: delivery.messageId,
      });
      return { ...delivery, transport: this.transport.kind };
    } catch (error) {
      // The server's reply or the socket error, with the addresses it quotes scrubbed; never
      // the message, which may hold a token.
      const {
        message: reason,
        code,
        responseCode,
      } = error as Error & {
        code?: string;
        responseCode?: number;
      };
      this.logger.warn({
        message: `Mail could not be sent: ${scrubValues(String(reason))}`,
        code,
        responseCode,
      });
      throw new MailDeliveryError(error);
    }
  }
}
