import { Global, Module } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { createMailTransport, MailTransport } from 'src/platform/mail/mail-transport';
import { MailService } from 'src/platform/mail/mail.service';

/** Outgoing mail for every module: inject MailService. */
@Global()
@Module({
  providers: [
    {
      provide: MailTransport,
      useFactory: (config: AppConfig) => createMailTransport(config.mail),
      inject: [AppConfig],
    },
    MailService,
  ],
  exports: [MailService],
})
export class MailModule {}
