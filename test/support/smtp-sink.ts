import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), which is where the message really went. */
  recipients: string[];
  /** Envelope sender (MAIL FROM). */
  sender: string | undefined;
  /** The user the client authenticated as, if it did. */
  user: string | undefined;
  subject: string;
  text: string;
  /** The HTML part, or undefined when the message had none. */
  html: string | undefined;
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpSinkOptions {
  /** Require AUTH with these credentials (over plain text: it is loopback only). */
  user?: string;
  password?: string;
}

/**
 * A real SMTP server on a free loopback port that keeps every message it receives, parsed, for
 * tests that send mail. Start one per test file, point `SMTP_URL` at `sink.url`, and read what
 * arrived with `waitForMessage`.
 *
 *   const sink = await SmtpSink.start();
 *   const app = await startTestApp({ SMTP_URL: sink.url });
 *   ...
 *   const mail = await sink.waitForMessage((m) => m.recipients.includes('ann@example.com'));
 *   await sink.stop();
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private rejections: { code: number; message: string }[] = [];
  private readonly listeners = new Set<(mail: ReceivedMail) => void>();

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    private readonly options: SmtpSinkOptions,
  ) {}

  static async start(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
    // The server's callbacks need the sink, which needs the server's port.
    const created: { sink?: SmtpSink } = {};
    const server = new SMTPServer({
      logger: false,
      disabledCommands: options.user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      allowInsecureAuth: true,
      authOptional: !options.user,
      size: 10 * 1024 * 1024,
      onAuth: (auth, _session, callback) => {
        if (auth.username === options.user && auth.password === options.password) {
          callback(null, { user: auth.username });
        } else {
          callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
        }
      },
      onData: (stream, session, callback) => {
        void created.sink!.receive(stream, session).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.server.address() as AddressInfo;
    created.sink = new SmtpSink(server, port, options);
    return created.sink;
  }

  /** `smtp://[user:password@]127.0.0.1:port`, ready for SMTP_URL. */
  get url(): string {
    const { user, password } = this.options;
    const credentials = user
      ? `${encodeURIComponent(user)}:${encodeURIComponent(password ?? '')}@`
      : '';
    return `smtp://${credentials}127.0.0.1:${this.port}`;
  }

  /** The next `count` messages are refused with this SMTP reply (e.g. 451 for a temporary failure). */
  rejectNext(count: number, code = 451, message = 'Temporary failure, try again later'): void {
    for (let i = 0; i < count; i++) this.rejections.push({ code, message });
  }

  /**
   * The first message, received already or later, for which `predicate` holds; rejects after
   * `timeoutMs` naming what did arrive.
   */
  async waitForMessage(
    predicate: (mail: ReceivedMail) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<ReceivedMail> {
    const found = this.messages.find(predicate);
    if (found) return found;
    return new Promise<ReceivedMail>((resolve, reject) => {
      const listener = (mail: ReceivedMail): void => {
        if (!predicate(mail)) return;
        this.listeners.delete(listener);
        clearTimeout(timer);
        resolve(mail);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        const subjects = this.messages.map((mail) => JSON.stringify(mail.subject)).join(', ');
        reject(
          new Error(
            `No matching message within ${timeoutMs} ms (received ${this.messages.length}: ${subjects || 'none'})`,
          ),
        );
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  /** Resolves once nothing new has arrived for `quietMs`, for asserting that a message was not sent. */
  async settle(quietMs = 300): Promise<void> {
    let count = -1;
    while (count !== this.messages.length) {
      count = this.messages.length;
      await sleep(quietMs);
    }
  }

  clear(): void {
    this.messages.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const rejection = this.rejections.shift();
    if (rejection) {
      throw Object.assign(new Error(rejection.message), { responseCode: rejection.code });
    }
    const raw = Buffer.concat(chunks);
    const parsed = await simpleParser(raw);
    const mail: ReceivedMail = {
      recipients: session.envelope.rcptTo.map((address) => address.address),
      sender: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
      user: session.user as string | undefined,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : undefined,
      raw,
      parsed,
    };
    this.messages.push(mail);
    for (const listener of [...this.listeners]) listener(mail);
  }
}
