import { EntityManager } from 'typeorm';

/** One job handed to its handler. */
export interface JobContext<Data> {
  id: string;
  queue: string;
  data: Data;
  /** 1 on the first run, 2 on the first retry, and so on. */
  attempt: number;
  /** Aborted when the job expires or the instance shuts down before the handler finished. */
  signal: AbortSignal;
}

/** Resolves when the job is done; throwing (or rejecting) fails this attempt and retries it. */
export type JobHandler<Data> = (job: JobContext<Data>) => Promise<void>;

/**
 * How a queue's jobs run. Applied to the queue each time a worker instance starts, so changing a
 * value in code changes it for jobs sent from then on.
 */
export interface QueueOptions {
  /**
   * What `singletonKey` means for this queue (fixed when the queue is first created):
   * `standard` (default) every send is a job; `exclusive` at most one job per key queued or
   * running, so a second send resolves to null; `singleton` at most one running per key, others
   * wait; `stately` at most one queued and one running per key; `short` at most one queued per key.
   */
  policy?: QueuePolicy;
  /** Jobs of this queue that one instance runs at the same time. Default 1. */
  concurrency?: number;
  /** Retries after the first failure; 0 never retries. Default 3. */
  retryLimit?: number;
  /** Seconds before the first retry. Default 30. */
  retryDelaySeconds?: number;
  /** Double the delay on each retry (with jitter). Default true. */
  retryBackoff?: boolean;
  /** A run that takes longer than this fails (and is retried). Default 900 (15 minutes). */
  expireInSeconds?: number;
}

export const QUEUE_POLICIES = ['standard', 'exclusive', 'singleton', 'stately', 'short'] as const;
export type QueuePolicy = (typeof QUEUE_POLICIES)[number];

export interface SendOptions {
  /**
   * The key the queue's policy counts per (see QueueOptions.policy). On a `standard` queue it
   * takes effect only with `singletonSeconds`. A send the policy refuses resolves to null.
   */
  singletonKey?: string;
  /** At most one job (per singletonKey) in each window of this many seconds: throttling. */
  singletonSeconds?: number;
  /** Not before this moment, or this many seconds from now. */
  startAfter?: Date | number;
  /**
   * The EntityManager of a running transaction: the job exists only if that transaction commits
   * (the change and the work it causes are recorded together, or not at all).
   */
  manager?: EntityManager;
}

export interface ScheduleOptions {
  /** Tells several schedules of one queue apart (default: the queue's only schedule). */
  key?: string;
  /** IANA time zone the expression is read in (default JOBS_TIMEZONE). */
  timezone?: string;
}

/** Thrown for a queue nobody declared: a programming error, reported before anything is sent. */
export class UnknownQueueError extends Error {
  constructor(queue: string) {
    super(
      `No job queue named "${queue}": declare it with JobsService.register() in the owning module's onModuleInit`,
    );
    this.name = 'UnknownQueueError';
  }
}
