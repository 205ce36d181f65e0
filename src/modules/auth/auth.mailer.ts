import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { MailTemplate } from 'src/platform/mail/mail-template';
import { MailService } from 'src/platform/mail/mail.service';
import { scrubValues } from 'src/platform/logging/safe-error';
import {
  passwordChangedMail,
  registrationAttemptMail,
  resetPasswordMail,
  verifyEmailMail,
} from 'src/modules/auth/mail/auth-mail.templates';

/**
 * The mails of the identity flows. They are sent after the response, and a failure is only
 * logged: whether a mail goes out must never show in an answer or in its timing (that would
 * tell whether an address has an account).
 */
@Injectable()
export class AuthMailer implements BeforeApplicationShutdown {
  private readonly logger = new Logger('AuthMailer');
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly config: AppConfig,
    private readonly mail: MailService,
  ) {}

  emailVerification(to: string, token: string): void {
    const validFor = hours(this.config.auth.emailVerificationTtlSeconds);
    this.deliver(to, verifyEmailMail, {
      link: this.link('verify-email', token),
      token,
      validFor,
      apiUrl: this.config.auth.publicUrl,
    });
  }

  passwordReset(to: string, token: string): void {
    const validFor = minutes(this.config.auth.passwordResetTtlSeconds);
    this.deliver(to, resetPasswordMail, {
      link: this.link('reset-password', token),
      token,
      validFor,
      apiUrl: this.config.auth.publicUrl,
    });
  }

  registrationAttempt(to: string): void {
    this.deliver(to, registrationAttemptMail, {
      resetLink: this.resetPage(),
    });
  }

  passwordChanged(to: string): void {
    this.deliver(to, passwordChangedMail, {
      resetLink: this.resetPage(),
    });
  }

  /** Resolves when every mail handed over so far has been sent or has failed. */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** Mails already promised to a client go out before the process ends. */
  beforeApplicationShutdown(): Promise<void> {
    return this.settled();
  }

  /** The front end's page for a token, when PUBLIC_URL names a front end. */
  private link(path: string, token: string): string | undefined {
    const frontEnd = this.config.auth.frontEndUrl;
    return frontEnd ? `${frontEnd}/${path}?token=${encodeURIComponent(token)}` : undefined;
  }

  /** Where to ask for a reset: the front end's page, or else the API docs (no page 404s). */
  private resetPage(): string {
    const frontEnd = this.config.auth.frontEndUrl;
    return frontEnd ? `${frontEnd}/reset-password` : `${this.config.auth.publicUrl}/api/docs`;
  }

  private deliver<Data>(to: string, template: MailTemplate<Data>, data: Data): void {
    const sending = this.mail
      .send(to, template, data)
      .then(
        () => undefined,
        (error: Error) =>
          this.logger.warn(
            `Could not send "${scrubValues(template.subject(data))}": ${scrubValues(error.message)}`,
          ),
      )
      .finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }
}

function hours(seconds: number): string {
  const value = Math.round(seconds / 3600);
  return value === 1 ? '1 hour' : `${value} hours`;
}

function minutes(seconds: number): string {
  return `${Math.round(seconds / 60)} minutes`;
}
