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

const FAST = { JOBS_POLL_INTERVAL_MS: '500', JOBS_SCHEDULER_INTERVAL_S: '1' };

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
async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 15_000): Promise<void> {
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
        job.signal.addEventListener('abort', () => (seen.slow.aborted = true));
        await sleep(job.data.ms);
        // The database pool must still be open however late the job finishes.
        await this.dataSource.query('SELECT 1');
        seen.slow.databaseAnswered = true;
        seen.slow.finished++;
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
    ctx = await startTestApp({ ...FAST, JOBS_WORKERS: 'true' }, [probeModule('a')]);
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
    await eventually(() => jobStates(ctx.database.url, 'probe.echo'), [
      { state: 'completed', retry_count: 0 },
    ]);
  });

  it('retries a failing job until it succeeds', async () => {
    await jobs.send('probe.flaky', {});
    await until(() => seen.flaky.length === 3);
    expect(seen.flaky).toEqual([1, 2, 3]);
    await eventually(() => jobStates(ctx.database.url, 'probe.flaky'), [
      { state: 'completed', retry_count: 2 },
    ]);
  });

  it('fails a job for good once its retries are used up', async () => {
    await jobs.send('probe.doomed', {});
    await eventually(() => jobStates(ctx.database.url, 'probe.doomed'), [
      { state: 'failed', retry_count: 1 },
    ]);
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
