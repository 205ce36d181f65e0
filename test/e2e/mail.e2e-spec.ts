import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { html, MailTemplate } from 'src/platform/mail/mail-template';
import { MailDeliveryError, MailService } from 'src/platform/mail/mail.service';
import { SmtpSink } from 'test/support/smtp-sink';
import { startTestApp, TestApp } from 'test/support/test-app';

interface Invitation {
  name: string;
  link: string;
}

const invitation: MailTemplate<Invitation> = {
  subject: ({ name }) => `Welcome, ${name}`,
  text: ({ name, link }) => `Hello ${name},\n\nconfirm here: ${link}\n`,
  html: ({ name, link }) =>
    html`<p>Hello ${name},</p>
      <p><a href="${link}">Confirm</a></p>`,
};

const HOSTILE_NAME = `Eve <img src=x onerror="alert(1)">`;
const LINK = 'https://app.example.com/confirm?token=tok_123&next=/home';

function logLines(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const lines = (): Record<string, unknown>[] =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

describe('mail over SMTP', () => {
  let sink: SmtpSink;
  let ctx: TestApp;
  let mail: MailService;
  const logs = logLines();

  beforeAll(async () => {
    sink = await SmtpSink.start({ user: 'mailer', password: 'smtp-pass-w0rd' });
    ctx = await startTestApp(
      { SMTP_URL: sink.url, MAIL_FROM: 'Ledgerline <no-reply@example.com>', LOG_LEVEL: 'info' },
      [],
      logs.stream,
    );
    mail = ctx.app.get(MailService);
  });

  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  it('delivers subject, text and HTML parts, authenticated with the URL credentials', async () => {
    const sent = await mail.send('ann@example.com', invitation, { name: 'Ann', link: LINK });
    expect(sent.transport).toBe('smtp');

    const received = await sink.waitForMessage((m) => m.recipients.includes('ann@example.com'));
    expect(received.user).toBe('mailer');
    expect(received.sender).toBe('no-reply@example.com');
    expect(received.parsed.from?.value).toEqual([
      { name: 'Ledgerline', address: 'no-reply@example.com' },
    ]);
    expect(received.subject).toBe('Welcome, Ann');
    expect(received.text).toContain(`confirm here: ${LINK}`);
    expect(received.text).toContain('This message was sent by Ledgerline.');
    expect(received.html).toContain(
      '<a href="https://app.example.com/confirm?token=tok_123&amp;next=/home">Confirm</a>',
    );
    expect(received.parsed.messageId).toBe(sent.messageId);
  });

  it('escapes every value in the HTML part and keeps the text part literal', async () => {
    await mail.send('eve@example.com', invitation, { name: HOSTILE_NAME, link: LINK });
    const received = await sink.waitForMessage((m) => m.recipients.includes('eve@example.com'));
    expect(received.html).toContain(
      '<p>Hello Eve &lt;img src=x onerror=&quot;alert(1)&quot;&gt;,</p>',
    );
    expect(received.html).not.toContain('<img');
    expect(received.text).toContain(`Hello ${HOSTILE_NAME},`);
    expect(received.subject).toBe(`Welcome, ${HOSTILE_NAME}`);
  });

  it('logs one line per message without the body, the link or the SMTP password', async () => {
    const before = logs.lines().length;
    await mail.send('log@example.com', invitation, { name: 'Lou', link: LINK });
    const lines = logs.lines().slice(before);
    const mailLines = lines.filter((line) => line.context === 'Mail');
    expect(mailLines).toHaveLength(1);
    expect(mailLines[0]).toMatchObject({ level: 'info', message: 'Mail sent' });
    const everything = JSON.stringify(logs.lines());
    expect(everything).not.toContain('tok_123');
    expect(everything).not.toContain('smtp-pass-w0rd');
  });

  it('surfaces a refused message as MailDeliveryError (503, Retry-After) and logs why', async () => {
    sink.rejectNext(1, 451, 'Mailbox busy');
    const failure = mail.send('busy@example.com', invitation, { name: 'Bo', link: LINK });
    await expect(failure).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(failure).rejects.toMatchObject({
      code: 'MAIL_DELIVERY_FAILED',
      options: { retryAfterSeconds: 60 },
    });
    expect(logs.lines().some((line) => String(line.message).includes('Mailbox busy'))).toBe(true);
    // The next message goes through: a refusal is not sticky.
    await mail.send('busy@example.com', invitation, { name: 'Bo', link: LINK });
    await expect(
      sink.waitForMessage((m) => m.recipients.includes('busy@example.com')),
    ).resolves.toBeDefined();
  });

  it('refuses anything but one plain address before talking to the server', async () => {
    for (const to of [
      'a@example.com, b@example.com',
      'a@example.com\r\nBcc: b@example.com',
      'no-at',
    ]) {
      await expect(mail.send(to, invitation, { name: 'X', link: LINK })).rejects.toThrow(
        'exactly one plain email address',
      );
    }
  });
});

describe('mail when the SMTP server is down', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    const sink = await SmtpSink.start();
    const url = sink.url;
    await sink.stop();
    ctx = await startTestApp({ SMTP_URL: url, MAIL_TIMEOUT_MS: '2000' });
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('fails with MailDeliveryError instead of hanging or crashing', async () => {
    await expect(
      ctx.app.get(MailService).send('ann@example.com', invitation, { name: 'Ann', link: LINK }),
    ).rejects.toBeInstanceOf(MailDeliveryError);
  });
});

describe('mail without SMTP (outbox)', () => {
  let ctx: TestApp;
  let root: string;
  let outbox: string;
  const logs = logLines();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ledgerline-outbox-'));
    await chmod(root, 0o755);
    outbox = join(root, 'outbox');
    ctx = await startTestApp({ MAIL_OUTBOX_DIR: outbox, LOG_LEVEL: 'info' }, [], logs.stream);
  });

  afterAll(async () => {
    await ctx.close();
    await rm(root, { recursive: true, force: true });
  });

  it('writes each message as a parsable .eml file, private to the owner, and logs where', async () => {
    const sent = await ctx.app
      .get(MailService)
      .send('ann@example.com', invitation, { name: HOSTILE_NAME, link: LINK });
    expect(sent.transport).toBe('outbox');

    const files = await readdir(outbox);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const file = join(outbox, files[0]);
    expect(sent.file).toBe(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(outbox)).mode & 0o777).toBe(0o700);

    const raw = await readFile(file);
    expect(raw.toString('latin1')).toContain('\r\n');
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(`Welcome, ${HOSTILE_NAME}`);
    expect(parsed.to).toMatchObject({ text: 'ann@example.com' });
    expect(parsed.text).toContain(`confirm here: ${LINK}`);
    expect(parsed.html).toContain('Hello Eve &lt;img src=x onerror=&quot;alert(1)&quot;&gt;,');
    expect(parsed.messageId).toBe(sent.messageId);

    const mailLines = logs.lines().filter((line) => line.context === 'Mail');
    expect(mailLines.map((line) => line.message)).toEqual([
      `No SMTP_URL: mail is written to ${outbox}`,
      `Mail written to ${file}`,
    ]);
    expect(JSON.stringify(mailLines)).not.toContain('tok_123');
  });
});
