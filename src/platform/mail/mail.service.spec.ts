import { Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { html, MailTemplate } from 'src/platform/mail/mail-template';
import { Delivery, MailTransport, OutgoingMail } from 'src/platform/mail/mail-transport';
import { MailDeliveryError, MailService } from 'src/platform/mail/mail.service';

class FakeTransport extends MailTransport {
  readonly kind = 'smtp';
  readonly destination = 'smtp://mail.example.com:587';
  readonly delivered: OutgoingMail[] = [];
  failure: Error | undefined;

  deliver(mail: OutgoingMail): Promise<Delivery> {
    if (this.failure) return Promise.reject(this.failure);
    this.delivered.push(mail);
    return Promise.resolve({ messageId: '<id-1@example.com>' });
  }

  close(): void {}
}

const reset: MailTemplate<{ link: string }> = {
  subject: () => 'Reset your password',
  text: ({ link }) => `Open ${link}`,
  html: ({ link }) => html`<a href="${link}">Reset</a>`,
};

describe('MailService', () => {
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    MAIL_FROM: 'Team <team@example.com>',
  });
  let transport: FakeTransport;
  let mail: MailService;
  let warnings: unknown[];

  beforeEach(() => {
    transport = new FakeTransport();
    mail = new MailService(config, transport);
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(message);
    });
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('renders the template in the layout and sends it from MAIL_FROM to one address', async () => {
    await expect(
      mail.send('ann@example.com', reset, { link: 'https://x.example/r?t=1&u=2' }),
    ).resolves.toEqual({ messageId: '<id-1@example.com>', transport: 'smtp' });
    expect(transport.delivered).toHaveLength(1);
    expect(transport.delivered[0]).toMatchObject({
      from: 'Team <team@example.com>',
      to: 'ann@example.com',
      subject: 'Reset your password',
    });
    expect(transport.delivered[0].html).toContain('href="https://x.example/r?t=1&amp;u=2"');
    expect(transport.delivered[0].text).toMatch(/^Open https:\/\/x\.example\/r\?t=1&u=2\n/);
  });

  it('turns a transport failure into MailDeliveryError and logs the reason, not the message', async () => {
    transport.failure = Object.assign(new Error('Invalid login: 535 Authentication failed'), {
      code: 'EAUTH',
      responseCode: 535,
    });
    const sending = mail.send('ann@example.com', reset, { link: 'https://x.example/r?t=secret' });
    await expect(sending).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(sending).rejects.toMatchObject({ code: 'MAIL_DELIVERY_FAILED' });
    expect(warnings).toEqual([
      {
        message: 'Mail could not be sent: Invalid login: 535 Authentication failed',
        code: 'EAUTH',
        responseCode: 535,
      },
    ]);
    expect(JSON.stringify(warnings)).not.toContain('secret');
  });
});
