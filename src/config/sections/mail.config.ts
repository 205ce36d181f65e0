import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';
import { redactUrlPassword, toTrimmedOrUndefined } from 'src/config/env-transforms';

export const MAIL_TRANSPORTS = ['smtp', 'outbox'] as const;
export type MailTransportKind = (typeof MAIL_TRANSPORTS)[number];

/** `Name <address>` or a bare address; no line breaks (they would end the header). */
const MAILBOX = /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;

export class MailVariables {
  /**
   * Outgoing mail server: `smtp://user:pass@host:587` (STARTTLS when the server offers it) or
   * `smtps://user:pass@host:465` (TLS from the first byte). Query parameters are passed to
   * nodemailer, e.g. `?requireTLS=true`. Empty: mail goes to MAIL_OUTBOX_DIR.
   */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true })
  SMTP_URL?: string;

  /** smtp | outbox. Unset: smtp when SMTP_URL is set, else outbox (production requires a choice). */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsIn(MAIL_TRANSPORTS)
  MAIL_TRANSPORT?: MailTransportKind;

  @IsString()
  @MaxLength(320)
  @Matches(MAILBOX, { message: 'MAIL_FROM must be an address or "Name <address>"' })
  MAIL_FROM = 'Ledgerline <no-reply@ledgerline.local>';

  /** Folder that receives each message as an .eml file when mail is not sent over SMTP. */
  @IsString()
  @MinLength(1)
  MAIL_OUTBOX_DIR = './.data/outbox';

  /** Limit on connecting, on the server's greeting and on socket inactivity, each. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  MAIL_TIMEOUT_MS = 10_000;
}

export interface MailConfig {
  /** smtp: sent through `smtpUrl`; outbox: written to `outboxDir` as .eml files. */
  transport: MailTransportKind;
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
  timeoutMs: number;
}

export const mailSection: ConfigSection<MailVariables, MailConfig> = {
  variables: MailVariables,
  build: (env) => ({
    transport: env.MAIL_TRANSPORT ?? (env.SMTP_URL ? 'smtp' : 'outbox'),
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM,
    outboxDir: env.MAIL_OUTBOX_DIR,
    timeoutMs: env.MAIL_TIMEOUT_MS,
  }),
  problems: (env) => {
    if (env.MAIL_TRANSPORT === 'smtp' && !env.SMTP_URL) {
      return ['MAIL_TRANSPORT=smtp needs SMTP_URL'];
    }
    // Password-reset and verification mail that silently lands on a container's disk is an
    // outage nobody notices; keeping mail local in production has to be asked for.
    if (env.NODE_ENV === 'production' && !env.SMTP_URL && env.MAIL_TRANSPORT !== 'outbox') {
      return [
        'SMTP_URL is required in production (or set MAIL_TRANSPORT=outbox to keep mail in MAIL_OUTBOX_DIR on purpose)',
      ];
    }
    return [];
  },
  redact: (mail) => ({
    ...mail,
    smtpUrl: mail.smtpUrl ? redactUrlPassword(mail.smtpUrl) : undefined,
  }),
};
