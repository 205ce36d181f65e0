import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { Db, Job, PgBoss } from 'pg-boss';
import { EntityManager } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import {
  JobHandler,
  QueueOptions,
  ScheduleOptions,
  SendOptions,
  UnknownQueueError,
} from 'src/platform/jobs/job.types';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';
import { pgBossOptions } from 'src/platform/jobs/pg-boss-options';
import { describeError, scrubValues } from 'src/platform/logging/safe-error';

export const JOBS_DATABASE_URL = Symbol('JOBS_DATABASE_URL');

/** Lower-case words joined by dots or hyphens, `module.what-it-does`: also a safe SQL identifier part. */
const QUEUE_NAME = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;
const MAX_QUEUE_NAME = 60;

interface Registration {
  handler: JobHandler<never>;
  options: Required<Omit<QueueOptions, 'policy'>> & Pick<QueueOptions, 'policy'>;
}

interface Schedule {
  queue: string;
  cron: string;
  data: object | undefined;
  key: string;
  timezone: string;
}

/**
 * The job queue (pg-boss on the app's PostgreSQL). Modules declare their queues and schedules in
 * `onModuleInit`; workers start with the app (unless JOBS_WORKERS=false) and stop at shutdown
 * after HTTP has drained, letting running jobs finish within SHUTDOWN_TIMEOUT_MS.
 *
 * pg-boss is started only when it is needed: at bootstrap when this instance runs workers for a
 * declared queue, otherwise on the first `send`. An app (or a test) that sends nothing pays
 * nothing for it.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly registrations = new Map<string, Registration>();
  private readonly schedules = new Map<string, Schedule>();
  private boss: Promise<PgBoss> | undefined;
  private stopping: Promise<void> | undefined;
  private closed = false;
  private readonly processed: Counter<'queue' | 'outcome'>;
  private readonly duration: Histogram<'queue'>;

  constructor(
    private readonly config: AppConfig,
    @Inject(JOBS_DATABASE_URL) private readonly databaseUrl: string,
    metrics: MetricsRegistry,
  ) {
    this.processed = new Counter({
      name: 'ledgerline_jobs_processed_total',
      help: 'Job runs by queue and outcome (completed, failed)',
      labelNames: ['queue', 'outcome'] as const,
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: 'ledgerline_job_duration_seconds',
      help: 'Job run time by queue',
      labelNames: ['queue'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [metrics.registry],
    });
  }

  /**
   * Declares a queue and the handler that runs its jobs, one job per call. Call it in
   * `onModuleInit`; the queue is created (or its options updated) when the queue starts.
   */
  register<Data extends object>(
    queue: string,
    handler: JobHandler<Data>,
    options: QueueOptions = {},
  ): void {
    assertQueueName(queue);
    if (this.registrations.has(queue)) throw new Error(`Job queue "${queue}" is registered twice`);
    if (this.boss) throw new Error(`Job queue "${queue}" registered after the queue started`);
    this.registrations.set(queue, {
      handler,
      options: {
        policy: options.policy,
        concurrency: options.concurrency ?? 1,
        retryLimit: options.retryLimit ?? 3,
        retryDelaySeconds: options.retryDelaySeconds ?? 30,
        retryBackoff: options.retryBackoff ?? true,
        expireInSeconds: options.expireInSeconds ?? 900,
      },
    });
  }

  /**
   * Sends a job to `queue` on a cron schedule (five fields, or six with seconds first), in
   * JOBS_TIMEZONE unless `timezone` is given. Call it in `onModuleInit` after `register`. It fires
   * once per occurrence for the whole cluster however many instances run, at most once a minute.
   */
  schedule(queue: string, cron: string, data?: object, options: ScheduleOptions = {}): void {
    this.assertRegistered(queue);
    if (this.boss) throw new Error(`Schedule for "${queue}" declared after the queue started`);
    const key = options.key ?? '';
    this.schedules.set(`${queue}\u0000${key}`, {
      queue,
      cron,
      data,
      key,
      timezone: options.timezone ?? this.config.jobs.timezone,
    });
  }

  /**
   * Enqueues a job; resolves to its id, or null when the queue's policy refused it (see
   * QueueOptions.policy). `data` must be JSON and is stored in the database as is: put ids in it,
   * never secrets.
   */
  async send<Data extends object>(
    queue: string,
    data: Data,
    options: SendOptions = {},
  ): Promise<string | null> {
    this.assertRegistered(queue);
    const boss = await this.started();
    return boss.send(queue, data, {
      singletonKey: options.singletonKey,
      singletonSeconds: options.singletonSeconds,
      startAfter: options.startAfter,
      db: options.manager ? transactionDb(options.manager) : undefined,
    });
  }

  /** Whether pg-boss is running in this instance (it starts on demand). */
  get isStarted(): boolean {
    return this.boss !== undefined && !this.closed;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.jobs.workers && this.registrations.size > 0) await this.started();
  }

  /** Shutdown begins: workers stop taking jobs at once while HTTP drains. */
  beforeApplicationShutdown(): void {
    void this.stopWorkers();
  }

  /**
   * Called by the shutdown sequence once HTTP has drained and before the database pool closes:
   * waits for running jobs (failing those still running at the deadline, to be retried), then
   * closes pg-boss's pool.
   */
  async drain(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.boss) return;
    const boss = await this.boss.catch(() => undefined);
    if (!boss) return;
    await this.stopWorkers();
    await boss.stop({ close: true });
  }

  private stopWorkers(): Promise<void> {
    if (!this.boss) return Promise.resolve();
    this.stopping ??= this.boss.then(
      (boss) => {
        const running = boss.getWipData().reduce((sum, worker) => sum + worker.count, 0);
        if (running > 0) this.logger.log(`Waiting for ${running} running job(s)`);
        // pg-boss's floor is one second; the rest of the budget is for closing the pools.
        const timeout = Math.max(1000, this.config.shutdown.timeoutMs - 1000);
        return boss.stop({ close: false, graceful: true, timeout });
      },
      () => undefined,
    );
    return this.stopping;
  }

  private started(): Promise<PgBoss> {
    if (this.closed) return Promise.reject(new Error('The job queue has shut down'));
    this.boss ??= this.start().catch((error: unknown) => {
      // A later send tries again rather than failing for ever after one bad moment.
      this.boss = undefined;
      throw error;
    });
    return this.boss;
  }

  private async start(): Promise<PgBoss> {
    const boss = new PgBoss(pgBossOptions(this.config, this.databaseUrl));
    // pg-boss passes on PostgreSQL's messages, which can quote values.
    boss.on('error', (error) => {
      const { stack, ...safe } = describeError(error);
      this.logger.error({ message: `Job queue error: ${safe.message}`, error: safe }, stack);
    });
    boss.on('warning', (warning) =>
      this.logger.warn(`Job queue: ${scrubValues(String(warning.message))}`),
    );
    await boss.start();
    for (const [queue, { options }] of this.registrations) {
      const settings = {
        retryLimit: options.retryLimit,
        retryDelay: options.retryDelaySeconds,
        retryBackoff: options.retryBackoff,
        expireInSeconds: options.expireInSeconds,
      };
      await boss.createQueue(queue, { ...settings, policy: options.policy ?? 'standard' });
      // createQueue leaves an existing queue as it was; the code's current options win.
      await boss.updateQueue(queue, settings);
    }
    if (this.config.jobs.workers) {
      await this.applySchedules(boss);
      for (const [queue, registration] of this.registrations) {
        await boss.work<object>(
          queue,
          {
            localConcurrency: registration.options.concurrency,
            batchSize: 1,
            pollingIntervalSeconds: this.config.jobs.pollIntervalMs / 1000,
          },
          (jobs) => this.run(queue, registration, jobs),
        );
      }
    }
    this.logger.log(
      `Job queue started: ${this.registrations.size} queue(s), ${this.schedules.size} schedule(s), ` +
        (this.config.jobs.workers ? 'workers on' : 'workers off (JOBS_WORKERS=false)'),
    );
    return boss;
  }

  /** Schedules declared in code replace whatever a previous version left on the same queues. */
  private async applySchedules(boss: PgBoss): Promise<void> {
    for (const queue of this.registrations.keys()) {
      for (const existing of await boss.getSchedules(queue)) {
        if (!this.schedules.has(`${queue}\u0000${existing.key}`)) {
          await boss.unschedule(queue, existing.key);
        }
      }
    }
    for (const schedule of this.schedules.values()) {
      await boss.schedule(schedule.queue, schedule.cron, schedule.data ?? null, {
        tz: schedule.timezone,
        key: schedule.key || undefined,
      });
    }
  }

  private async run(queue: string, registration: Registration, jobs: Job<object>[]): Promise<void> {
    for (const job of jobs) {
      const attempt = job.retryCount + 1;
      const end = this.duration.startTimer({ queue });
      try {
        await registration.handler({
          id: job.id,
          queue,
          data: job.data as never,
          attempt,
          signal: job.signal,
        });
        this.processed.inc({ queue, outcome: 'completed' });
      } catch (error) {
        this.processed.inc({ queue, outcome: 'failed' });
        const attempts = registration.options.retryLimit + 1;
        const { stack, ...reason } = describeError(error);
        const message = `Job ${queue} ${job.id} failed on attempt ${attempt}/${attempts}: ${reason.message}`;
        if (attempt >= attempts) this.logger.error({ message, error: reason }, stack);
        else this.logger.warn({ message, error: reason });
        throw error;
      } finally {
        end();
      }
    }
  }

  private assertRegistered(queue: string): void {
    if (!this.registrations.has(queue)) throw new UnknownQueueError(queue);
  }
}

function assertQueueName(queue: string): void {
  if (queue.length > MAX_QUEUE_NAME || !QUEUE_NAME.test(queue)) {
    throw new Error(
      `Job queue name "${queue}" must be lower-case words joined by dots or hyphens, at most ${MAX_QUEUE_NAME} characters`,
    );
  }
}

/** pg-boss statements on the connection of a running TypeORM transaction. */
function transactionDb(manager: EntityManager): Db {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    throw new Error('send(..., { manager }) needs the EntityManager of a running transaction');
  }
  return {
    executeSql: async (text: string, values?: unknown[]) => ({
      rows: (await runner.query(text, values, true)).records as unknown[],
    }),
  };
}
