import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { Agent, get, IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from 'src/config/app-config';
import { createTestDatabase, TestDatabase } from 'test/support/database';
import { ServerProcess, startSlowServer, waitUntilOk } from 'test/support/processes';

/** What a production deployment must set; nothing about shutdown. */
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRETS: randomBytes(48).toString('base64url'),
  MAIL_TRANSPORT: 'outbox',
};

/** Polls of /health/ready answered 503 after which the "balancer" sends nothing more. */
const BALANCER_NOTICES = 3;
const LOAD_CONNECTIONS = 4;
const POLL_INTERVAL_MS = 100;

interface Answer {
  status?: number;
  headers?: IncomingHttpHeaders;
  body?: string;
  /** Connection error (ECONNREFUSED, ECONNRESET, ...) instead of a response. */
  error?: string;
  /** Sent on a kept-alive connection that had already carried a request. */
  reused: boolean;
}

function send(url: string, agent: Agent | false): Promise<Answer> {
  return new Promise((resolve) => {
    const request = get(url, { agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode,
          headers: response.headers,
          body,
          reused: request.reusedSocket,
        }),
      );
      response.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ error: error.code ?? error.message, reused: request.reusedSocket }),
      );
    });
    request.setTimeout(30_000, () => request.destroy(new Error('no answer within 30 s')));
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message, reused: request.reusedSocket }),
    );
  });
}

/**
 * A rollout as a load balancer sees it: steady traffic over kept-alive connections, readiness
 * polled on fresh connections, SIGTERM in the middle. The balancer keeps sending until it has
 * seen readiness fail a few times; everything it sent until then must be answered.
 */
describe('SIGTERM under load with the production defaults', () => {
  let root: string;
  let database: TestDatabase;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ledgerline-rollout-'));
    await chmod(root, 0o755);
    database = await createTestDatabase();
  });

  afterAll(async () => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    await database.drop();
    await rm(root, { recursive: true, force: true });
  });

  it('fails readiness first, drains, answers every request sent before it was noticed, and exits 0', async () => {
    const readinessDelayMs = AppConfig.fromEnvironment(PRODUCTION).shutdown.readinessDelayMs;
    server = await startSlowServer({
      ...PRODUCTION,
      DATABASE_URL: database.url,
      MAIL_OUTBOX_DIR: join(root, 'outbox'),
      // The default under test, whatever the shell running the suite has set.
      SHUTDOWN_READINESS_DELAY_MS: '',
      // The load comes from one address; the limiter is not what this test is about.
      RATE_LIMIT_PUBLIC: '1000000/1m',
      // A schedule firing mid-test must not wait on the ECB (port 9 refuses at once).
      FX_ECB_DAILY_URL: 'http://127.0.0.1:9/daily.xml',
      FX_ECB_HISTORY_URL: 'http://127.0.0.1:9/hist.zip',
    });
    const { child, base, exited, output } = server;
    await waitUntilOk(`${base}/health/ready`, child);

    // What the balancer has seen of readiness, in order; a fresh connection per poll, so a
    // closed listener shows as a refused connection.
    const polls: string[] = [];
    let shuttingDownAnswers = 0;
    let noticed = 0;
    let listenerClosed = false;
    let processExited = false;
    void exited.then(() => (processExited = true));
    const poller = (async () => {
      while (!listenerClosed && !processExited) {
        const answer = await send(`${base}/health/ready`, false);
        // Refused, or reset when accepted just as the listener closed: no listener either way.
        const gone = answer.error === 'ECONNREFUSED' || answer.error === 'ECONNRESET';
        polls.push(gone ? 'no listener' : (answer.error ?? String(answer.status)));
        if (answer.status === 503) noticed++;
        if (answer.body?.includes('"SHUTTING_DOWN"')) shuttingDownAnswers++;
        if (answer.error) listenerClosed = true;
        await sleep(POLL_INTERVAL_MS);
      }
    })();

    type Phase = 'before 503 was seen' | 'while the balancer catches up';
    const sent: (Answer & { phase: Phase })[] = [];
    const balancerSends = () => noticed < BALANCER_NOTICES && !listenerClosed && !processExited;
    const agent = new Agent({ keepAlive: true, maxSockets: LOAD_CONNECTIONS });
    const load = Array.from({ length: LOAD_CONNECTIONS }, async () => {
      while (balancerSends()) {
        const phase: Phase =
          noticed === 0 ? 'before 503 was seen' : 'while the balancer catches up';
        sent.push({ phase, ...(await send(`${base}/api/test-slow?ms=10`, agent)) });
      }
    });
    const answered = async (count: number) => {
      while (sent.length < count && balancerSends()) await sleep(20);
    };

    await answered(100);
    // A request in flight across the closing of the listener, on a kept-alive connection.
    const slowAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await send(`${base}/health/live`, slowAgent)).status).toBe(200);
    const slowMs = readinessDelayMs + 2000;
    const slow = send(`${base}/api/test-slow?ms=${slowMs}`, slowAgent).then((answer) => ({
      ...answer,
      afterListenerClosed: listenerClosed,
    }));
    await answered(sent.length + 20);
    child.kill('SIGTERM');

    const code = await exited;
    await Promise.all([poller, ...load]);
    const inFlight = await slow;
    agent.destroy();
    slowAgent.destroy();

    const beforeNoticed = sent.filter((answer) => answer.phase === 'before 503 was seen');
    const catchingUp = sent.filter((answer) => answer.phase === 'while the balancer catches up');
    const failed = (answers: Answer[]) =>
      answers
        .filter((answer) => answer.status !== 200)
        .map((answer) => answer.error ?? `${answer.status} ${answer.body}`);
    expect(beforeNoticed.length).toBeGreaterThanOrEqual(120);
    expect(beforeNoticed.filter((answer) => answer.reused).length).toBeGreaterThan(100);
    expect(failed(beforeNoticed)).toEqual([]);
    // Still served meanwhile, each on a connection the server then closes.
    expect(catchingUp.length).toBeGreaterThan(0);
    expect(failed(catchingUp)).toEqual([]);
    expect(new Set(catchingUp.map((answer) => answer.headers?.connection))).toEqual(
      new Set(['close']),
    );

    // Readiness: 200, then 503 (for as long as the delay, then perhaps Fastify's own 503 to a
    // probe that got in just before the listener closed), then the listener is gone.
    const runs = polls.reduce<{ outcome: string; count: number }[]>((acc, outcome) => {
      const last = acc.at(-1);
      if (last?.outcome === outcome) last.count++;
      else acc.push({ outcome, count: 1 });
      return acc;
    }, []);
    expect(runs.map((run) => run.outcome)).toEqual(['200', '503', 'no listener']);
    expect(shuttingDownAnswers).toBeGreaterThanOrEqual(BALANCER_NOTICES);

    // The listener closed while it ran; it still finished, and closed its connection.
    expect(inFlight).toMatchObject({
      status: 200,
      body: JSON.stringify({ sleptMs: slowMs }),
      reused: true,
      afterListenerClosed: true,
    });
    expect(inFlight.headers?.connection).toBe('close');

    expect(code).toBe(0);
    expect(output()).toContain('Shutdown complete');
  }, 120_000);
});
