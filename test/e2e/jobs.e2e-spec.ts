import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from 'src/bootstrap';
import { JobContext, UnknownQueueError } from 'src/platform/jobs/job.types';
import { JobsService } from 'src/platform/jobs/jobs.service';
import { AppLogger } from 'src/platform/logging/app-logger';
import { createTestDatabase, TestDatabase, withDatabase } from 'test/support/database';
import { startTestApp, TestApp } from 'test/support/test-app';
import { testConfig } from 'test/support/test-config';

const WORKERS = { JOBS_WORKERS: 'true' };

/** What the probe handlers saw, shared by every app the tests start. */
const seen = {
  echoed: [] as { data: unknown; attempt: number }[],
  flaky: [] as number[],
  doomed: [] as number[],
  ticks: [] as { instance: string; at: number }[],
  slow: { started: 0, finished: 0, databaseAnswered: false, aborted: false },
};

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

/** Polls `read` until it returns `expected` (deep equality), then asserts it. */
async function eventually<T>(
  read: () => Promise<T>,
  expected: T,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let actual = await read();
  while (JSON.stringify(actual) !== JSON.stringify(expected) && Date.now() < deadline) {
    await sleep(100);
    actual = await read();
  }
  expect(actual).toEqual(expected);
}

function jobStates(url: string, queue: string): Promise<{ state: string; retry_count: number }[]> {
  return withDatabase(url, async (client) => {
    const { rows } = await client.query<{ state: string; retry_count: number }>(
      'SELECT state, retry_count FROM pgboss.job WHERE name = $1 ORDER BY created_on',
      [queue],
    );
    return rows;
  });
}

/** Declares the probe queues the way a domain module would. */
function probeModule(instance: string, options: { tickAt?: string } = {}) {
  @Injectable()
  class ProbeJobs implements OnModuleInit {
    constructor(
      private readonly jobs: JobsService,
      private readonly dataSource: DataSource,
    ) {}

    onModuleInit(): void {
      this.jobs.register('probe.echo', (job: JobContext<{ n: number }>) => {
        seen.echoed.push({ data: job.data, attempt: job.attempt });
        return Promise.resolve();
      });
      this.jobs.register(
        'probe.flaky',
        (job: JobContext<object>) => {
          seen.flaky.push(job.attempt);
          return job.attempt < 3 ? Promise.reject(new Error('not yet')) : Promise.resolve();
        },
        { retryLimit: 3, retryDelaySeconds: 0, retryBackoff: false },
      );
      this.jobs.register(
        'probe.doomed',
        (job: JobContext<object>) => {
          seen.doomed.push(job.attempt);
          return Promise.reject(new Error('always fails'));
        },
        { retryLimit: 1, retryDelaySeconds: 0, retryBackoff: false },
      );
      this.jobs.register('probe.slow', async (job: JobContext<{ ms: number }>) => {
        seen.slow.started++;
        let done = false;
        job.signal.addEventListener('abort', () => (seen.slow.aborted ||= !done));
        // A long job passes its signal on, so a shutdown past its deadline interrupts it.
        await sleep(job.data.ms, undefined, { signal: job.signal });
        // The database pool must still be open however late the job finishes.
        await this.dataSource.query('SELECT 1');
        seen.slow.databaseAnswered = true;
        seen.slow.finished++;
        done = true;
      });
      this.jobs.register('probe.tick', () => {
        seen.ticks.push({ instance, at: Date.now() });
        return Promise.resolve();
      });
      if (options.tickAt) this.jobs.schedule('probe.tick', options.tickAt, { from: 'schedule' });
    }
  }

  @Module({ providers: [ProbeJobs] })
  class ProbeModule {}
  return ProbeModule;
}

describe('job queue', () => {
  let ctx: TestApp;
  let jobs: JobsService;

  beforeAll(async () => {
    ctx = await startTestApp(WORKERS, [probeModule('a')]);
    jobs = ctx.app.get(JobsService);
  });

  afterAll(async () => {
    await ctx?.close();
  });

  it('starts with the app when this instance runs workers for a declared queue', () => {
    expect(jobs.isStarted).toBe(true);
  });

  it('runs a job that was sent, with its data', async () => {
    const id = await jobs.send('probe.echo', { n: 42 });
    expect(id).toEqual(expect.any(String));
    await until(() => seen.echoed.length === 1);
    expect(seen.echoed).toEqual([{ data: { n: 42 }, attempt: 1 }]);
    await eventually(
      () => jobStates(ctx.database.url, 'probe.echo'),
      [{ state: 'completed', retry_count: 0 }],
    );
  });

  it('retries a failing job until it succeeds', async () => {
    await jobs.send('probe.flaky', {});
    await until(() => seen.flaky.length === 3);
    expect(seen.flaky).toEqual([1, 2, 3]);
    await eventually(
      () => jobStates(ctx.database.url, 'probe.flaky'),
      [{ state: 'completed', retry_count: 2 }],
    );
  });

  it('fails a job for good once its retries are used up', async () => {
    await jobs.send('probe.doomed', {});
    await eventually(
      () => jobStates(ctx.database.url, 'probe.doomed'),
      [{ state: 'failed', retry_count: 1 }],
    );
    // Failed for good: no third attempt comes, even after a few more polls.
    await sleep(1500);
    expect(seen.doomed).toEqual([1, 2]);
  });

  it('refuses an undeclared queue with a clear error and writes nothing', async () => {
    await expect(jobs.send('probe.nope', {})).rejects.toThrow(UnknownQueueError);
    await expect(jobs.send('probe.nope', {})).rejects.toThrow(
      'No job queue named "probe.nope": declare it with JobsService.register()',
    );
    expect(() => jobs.schedule('probe.nope', '* * * * *')).toThrow(UnknownQueueError);
    expect(await jobStates(ctx.database.url, 'probe.nope')).toEqual([]);
  });

  it('refuses declarations once the queue has started', () => {
    expect(() => jobs.register('probe.late', () => Promise.resolve())).toThrow(
      'registered after the queue started',
    );
  });

  it('enqueues inside a transaction: nothing when it rolls back, the job when it commits', async () => {
    const dataSource = ctx.app.get(DataSource);
    await expect(
      dataSource.transaction(async (manager) => {
        await jobs.send('probe.echo', { n: 1 }, { manager });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await dataSource.transaction((manager) => jobs.send('probe.echo', { n: 2 }, { manager }));
    await until(() => seen.echoed.some((entry) => (entry.data as { n: number }).n === 2));
    await sleep(1000);
    expect(seen.echoed.map((entry) => (entry.data as { n: number }).n)).not.toContain(1);
    await expect(jobs.send('probe.echo', {}, { manager: dataSource.manager })).rejects.toThrow(
      'needs the EntityManager of a running transaction',
    );
  });
});

async function startInstance(
  database: TestDatabase,
  env: NodeJS.ProcessEnv,
  module: ReturnType<typeof probeModule>,
): Promise<NestFastifyApplication> {
  const config = testConfig(env);
  const app = await createApp(config, database.url, {
    logger: new AppLogger(config),
    extraModules: [module],
  });
  await app.init();
  return app;
}

/** A six-field cron (seconds first) that matches one instant: `at`, to the second, in UTC. */
function cronAt(at: Date): string {
  return [
    at.getUTCSeconds(),
    at.getUTCMinutes(),
    at.getUTCHours(),
    at.getUTCDate(),
    at.getUTCMonth() + 1,
    '*',
  ].join(' ');
}

describe('job queue across instances', () => {
  let database: TestDatabase;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await database.drop();
  });

  it('fires a schedule once for the whole cluster when two instances run it at the same moment', async () => {
    const occurrence = new Date(Math.ceil(Date.now() / 1000) * 1000 + 6000);
    const cron = cronAt(occurrence);
    apps.push(
      ...(await Promise.all([
        startInstance(database, { JOBS_WORKERS: 'true' }, probeModule('a', { tickAt: cron })),
        startInstance(database, { JOBS_WORKERS: 'true' }, probeModule('b', { tickAt: cron })),
      ])),
    );
    // Both instances declared the schedule; it is one row, evaluated by whichever instance
    // claims each scheduler pass, and its occurrence is filed under one key.
    const schedules = await withDatabase(database.url, (client) =>
      client.query(
        `SELECT name, key, cron, timezone FROM pgboss.schedule WHERE name = 'probe.tick'`,
      ),
    );
    expect(schedules.rows).toEqual([{ name: 'probe.tick', key: '', cron, timezone: 'UTC' }]);

    await until(() => seen.ticks.length > 0, 30_000);
    // Several more scheduler passes on both instances: still the one job.
    await sleep(4000);
    expect(seen.ticks).toHaveLength(1);
    expect(seen.ticks[0].at).toBeGreaterThanOrEqual(occurrence.getTime());
    expect(await jobStates(database.url, 'probe.tick')).toEqual([
      { state: 'completed', retry_count: 0 },
    ]);
  }, 60_000);

  it('lets an API-only instance enqueue work that a worker instance runs', async () => {
    const apiOnly = await startInstance(database, { JOBS_WORKERS: 'false' }, probeModule('api'));
    apps.push(apiOnly);
    const api = apiOnly.get(JobsService);
    expect(api.isStarted).toBe(false);

    const before = seen.echoed.length;
    await api.send('probe.echo', { n: 7 });
    expect(api.isStarted).toBe(true);
    await until(() => seen.echoed.length > before);
    expect(seen.echoed.at(-1)).toEqual({ data: { n: 7 }, attempt: 1 });
  });
});

describe('job queue at shutdown', () => {
  beforeEach(() => {
    seen.slow = { started: 0, finished: 0, databaseAnswered: false, aborted: false };
  });

  it('waits for a running job, which can still use the database', async () => {
    const ctx = await startTestApp(WORKERS, [probeModule('s')]);
    try {
      await ctx.app.get(JobsService).send('probe.slow', { ms: 1500 });
      await until(() => seen.slow.started === 1);
      await ctx.app.close();
      expect(seen.slow).toEqual({
        started: 1,
        finished: 1,
        databaseAnswered: true,
        aborted: false,
      });
      expect(await jobStates(ctx.database.url, 'probe.slow')).toEqual([
        { state: 'completed', retry_count: 0 },
      ]);
    } finally {
      await ctx.database.drop();
    }
  });

  it('interrupts a job still running at the deadline and leaves it to be retried', async () => {
    const ctx = await startTestApp({ ...WORKERS, SHUTDOWN_TIMEOUT_MS: '2000' }, [probeModule('t')]);
    try {
      await ctx.app.get(JobsService).send('probe.slow', { ms: 20_000 });
      await until(() => seen.slow.started === 1);
      await ctx.app.close();
      expect(seen.slow).toMatchObject({ started: 1, finished: 0, aborted: true });
      const [job] = await jobStates(ctx.database.url, 'probe.slow');
      expect(job?.state).toBe('retry');
    } finally {
      await ctx.database.drop();
    }
  });

  it('refuses to send once the queue has shut down', async () => {
    const ctx = await startTestApp(WORKERS, [probeModule('u')]);
    const jobs = ctx.app.get(JobsService);
    await ctx.close();
    await expect(jobs.send('probe.echo', { n: 0 })).rejects.toThrow('The job queue has shut down');
  });
});
