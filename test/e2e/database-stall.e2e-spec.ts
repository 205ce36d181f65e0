import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { AppConfig } from 'src/config/app-config';
import { createApp } from 'src/bootstrap';
import { EmbeddedPostgres } from 'src/platform/database/embedded-postgres';
import { AppLogger } from 'src/platform/logging/app-logger';
import { READINESS_TIMEOUT_MS } from 'src/modules/health/health.service';
import { newUser, TestUser } from 'test/support/auth';
import { categoriesOf } from 'test/support/expenses-api';
import { TestApp } from 'test/support/test-app';
import { testConfig } from 'test/support/test-config';

const FREEZE_MS = 30_000;
/** One request every 20 ms: 50 a second, reads and writes alternating. */
const REQUEST_INTERVAL_MS = 20;
const PROBE_INTERVAL_MS = 250;
const WARM_UP_MS = 2000;
/** Load goes on this long after the thaw, so that recovery can be seen. */
const AFTER_THAW_MS = 12_000;
const RECOVERY_BOUND_MS = 10_000;
/** What a kubelet allows a probe by default; readiness promises less (READINESS_TIMEOUT_MS). */
const PROBE_DEADLINE_MS = 1000;
/**
 * Slack for the event loop of a shared 2-core machine running the load, the app and the test in
 * one process. A request over its budget plus this is a failure; one that merely came close is not.
 */
const SCHEDULING_SLACK_MS = 1500;

interface Outcome {
  kind: 'read' | 'write';
  startedAt: number;
  durationMs: number;
  status: number;
  code?: string;
  retryAfter?: string;
  contentType?: string;
  id?: string;
}

interface Probe {
  startedAt: number;
  durationMs: number;
  status: number;
}

/**
 * PostgreSQL frozen (SIGSTOP, server and backends) for 30 s under steady load, against a server
 * of its own. What must hold: no request outlives its budget (a connection within
 * DB_ACQUIRE_TIMEOUT_MS, each query within DB_QUERY_TIMEOUT_MS), the ones that cannot be
 * served get 503 DEPENDENCY_UNAVAILABLE problem+json with Retry-After, readiness answers within
 * its timeout throughout, service is back within 10 s of the thaw, and every write acknowledged
 * with a 2xx is in the database afterwards.
 */
describe('a PostgreSQL that stalls under load', () => {
  let root: string;
  let postgres: EmbeddedPostgres;
  let url: string;
  let app: NestFastifyApplication;
  let ctx: TestApp;
  let config: AppConfig;
  const users: { user: TestUser; categoryId: string }[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ledgerline-stall-'));
    // PostgreSQL runs as an unprivileged user when we are root: it must reach its folder.
    await chmod(root, 0o755);
    postgres = new EmbeddedPostgres({
      dataDir: join(root, 'pg'),
      port: 0,
      persistent: false,
      log: () => undefined,
    });
    url = await postgres.start();
    // STALL_LOG=error shows why each request failed, when this test does.
    config = testConfig({ LOG_LEVEL: process.env.STALL_LOG ?? 'silent' });
    app = await createApp(config, url, { logger: new AppLogger(config) });
    await app.init();
    const fastify = app.getHttpAdapter().getInstance();
    await fastify.ready();
    ctx = {
      app,
      inject: fastify.inject.bind(fastify),
      config,
      database: { name: 'postgres', url, drop: () => Promise.resolve() },
      close: () => app.close(),
    };
    for (let index = 0; index < 4; index++) {
      const user = await newUser(ctx);
      const categoryId = (await categoriesOf(ctx, user)).get('groceries')!.id;
      users.push({ user, categoryId });
    }
  }, 60_000);

  afterAll(async () => {
    if (postgres?.pid) {
      try {
        freeze(postgres.pid, 'SIGCONT');
      } catch {
        // Already gone: nothing left to thaw.
      }
    }
    await app?.close();
    await postgres?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('fails fast, keeps readiness in time, recovers within 10 s and loses no acknowledged write', async () => {
    const budgetMs = config.database.acquireTimeoutMs + config.database.queryTimeoutMs;
    const outcomes: Outcome[] = [];
    const probes: Probe[] = [];
    const pending: Promise<void>[] = [];
    let sent = 0;

    const request = async (): Promise<void> => {
      const index = sent++;
      const { user, categoryId } = users[index % users.length];
      const kind = index % 2 === 0 ? 'read' : 'write';
      const startedAt = performance.now();
      const response = await ctx.inject(
        kind === 'read'
          ? { method: 'GET', url: '/api/v1/expenses?limit=5', headers: user.headers }
          : {
              method: 'POST',
              url: '/api/v1/expenses',
              headers: user.headers,
              payload: {
                amount: { amount: `${(index % 97) + 1}.25`, currency: 'EUR' },
                date: '2026-03-02',
                categoryId,
                note: `stall ${index}`,
              },
            },
      );
      const body = safeJson(response.body);
      outcomes.push({
        kind,
        startedAt,
        durationMs: performance.now() - startedAt,
        status: response.statusCode,
        code: typeof body?.code === 'string' ? body.code : undefined,
        retryAfter: response.headers['retry-after'],
        contentType: response.headers['content-type'],
        id: kind === 'write' && typeof body?.id === 'string' ? body.id : undefined,
      });
    };
    const probe = async (): Promise<void> => {
      const startedAt = performance.now();
      const response = await ctx.inject({ method: 'GET', url: '/health/ready' });
      probes.push({
        startedAt,
        durationMs: performance.now() - startedAt,
        status: response.statusCode,
      });
    };

    // Fixed-rate senders: a stalled request never slows the arrival of the next ones.
    const load = setInterval(() => pending.push(request()), REQUEST_INTERVAL_MS);
    const probing = setInterval(() => pending.push(probe()), PROBE_INTERVAL_MS);
    let frozenAt = 0;
    let thawedAt = 0;
    try {
      await sleep(WARM_UP_MS);
      frozenAt = performance.now();
      freeze(postgres.pid!, 'SIGSTOP');
      try {
        await sleep(FREEZE_MS);
      } finally {
        freeze(postgres.pid!, 'SIGCONT');
        thawedAt = performance.now();
      }
      await sleep(AFTER_THAW_MS);
    } finally {
      clearInterval(load);
      clearInterval(probing);
    }
    await Promise.all(pending);

    const during = outcomes.filter((o) => o.startedAt >= frozenAt && o.startedAt < thawedAt);
    // Before: answered before the freeze (one in flight at that moment may rightly fail).
    const before = outcomes.filter((o) => o.startedAt + o.durationMs < frozenAt);
    const after = outcomes.filter((o) => o.startedAt >= thawedAt);
    // Recovery: from the thaw until requests sent after it succeed, and keep succeeding.
    const endOf = (o: Outcome): number => o.startedAt + o.durationMs;
    const recoveredAt = Math.max(
      Math.min(...after.filter((o) => o.status < 300).map(endOf)),
      ...after.filter((o) => o.status >= 300).map(endOf),
    );
    const recoveryMs = recoveredAt - thawedAt;
    const durations = during.map((o) => o.durationMs).sort((a, b) => a - b);
    // Probes answered while frozen (one sent just before the thaw may rightly see it thawed).
    const readinessDuring = probes.filter(
      (p) => p.startedAt >= frozenAt && p.startedAt + p.durationMs < thawedAt,
    );
    const acknowledged = outcomes.filter((o) => o.kind === 'write' && o.status === 201);
    const stored = await storedExpenseIds(url);
    const summary = {
      requests: outcomes.length,
      before: countBy(before),
      during: countBy(during),
      after: countBy(after),
      budgetMs,
      durationDuringMaxMs: Math.round(durations.at(-1) ?? 0),
      durationDuringP99Ms: Math.round(durations[Math.floor(durations.length * 0.99)] ?? 0),
      durationDuringMedianMs: Math.round(durations[Math.floor(durations.length / 2)] ?? 0),
      readinessProbes: probes.length,
      readinessMaxMs: Math.round(Math.max(...probes.map((p) => p.durationMs))),
      readinessDuringStatuses: countStatuses(readinessDuring),
      recoveryMs: Math.round(recoveryMs),
      writesAcknowledged: acknowledged.length,
      writesAcknowledgedFound: acknowledged.filter((o) => stored.has(o.id!)).length,
      writesStored: stored.size,
    };
    process.stdout.write(`database stall: ${JSON.stringify(summary)}\n`);

    // The load really was steady and really met the stall.
    expect(before.length).toBeGreaterThan(20);
    expect(during.length).toBeGreaterThan(FREEZE_MS / REQUEST_INTERVAL_MS / 2);
    expect(before.every((o) => o.status < 300)).toBe(true);
    expect(during.filter((o) => o.status === 503).length).toBeGreaterThan(during.length / 2);

    // No request outlived its budget, frozen database or not.
    expect(outcomes.filter((o) => o.durationMs > budgetMs + SCHEDULING_SLACK_MS)).toEqual([]);
    // What could not be served was refused as a retryable dependency outage, never a 500.
    const failures = outcomes.filter((o) => o.status >= 400);
    expect(failures.filter((o) => o.status !== 503)).toEqual([]);
    expect(
      failures.filter(
        (o) =>
          o.code !== 'DEPENDENCY_UNAVAILABLE' ||
          !o.retryAfter ||
          !o.contentType?.startsWith('application/problem+json'),
      ),
    ).toEqual([]);

    // Readiness answered within a kubelet's timeout throughout, and said 503 while frozen.
    expect(probes.filter((p) => p.durationMs > PROBE_DEADLINE_MS)).toEqual([]);
    expect(READINESS_TIMEOUT_MS).toBeLessThan(PROBE_DEADLINE_MS);
    expect(readinessDuring.filter((p) => p.status !== 503)).toEqual([]);
    expect(probes.at(-1)?.status).toBe(200);

    // Back within 10 s of the thaw, and serving for the rest of the run.
    expect(recoveryMs).toBeLessThan(RECOVERY_BOUND_MS);
    expect(after.filter((o) => o.status < 300).length).toBeGreaterThan(after.length / 2);

    // Every acknowledged write is in the database.
    expect(acknowledged.length).toBeGreaterThan(10);
    expect(acknowledged.filter((o) => !stored.has(o.id!))).toEqual([]);
  }, 120_000);
});

/**
 * SIGSTOP or SIGCONT to the postmaster and every backend. The postmaster is spawned detached
 * (a process group of its own), but each backend calls setsid() and so leads a group of its
 * own: a signal to the postmaster's group alone would leave running backends answering.
 */
function freeze(pid: number, signal: 'SIGSTOP' | 'SIGCONT'): void {
  // The postmaster first, so that it forks no backend the list below would miss.
  process.kill(-pid, signal);
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)])
    .toString()
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);
  for (const child of children) {
    try {
      process.kill(child, signal);
    } catch {
      // A backend that exited since the listing.
    }
  }
}

async function storedExpenseIds(url: string): Promise<Set<string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM expenses');
    return new Set(rows.map((row) => row.id));
  } finally {
    await client.end();
  }
}

function safeJson(body: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function countBy(outcomes: Outcome[]): Record<string, number> {
  return countStatuses(outcomes);
}

function countStatuses(items: { status: number }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of items) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
