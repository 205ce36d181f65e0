import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from 'src/platform/clock/clock';
import { AppException } from 'src/platform/errors/app.exception';
import { IdempotentRequest } from 'src/platform/idempotency/idempotent-request';
import { IdempotencyRepository } from 'src/platform/idempotency/idempotency.repository';
import { JobsService } from 'src/platform/jobs/jobs.service';

/** How long a key is remembered: a client retries within minutes, 24 hours is generous. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const PRUNE_QUEUE = 'idempotency.prune';
const PRUNE_BATCH_SIZE = 5000;

/**
 * Exactly-once creates for clients that retry. `run` does the work and stores its response in
 * ONE transaction, under a transaction-scoped advisory lock on (user, key):
 *
 * - a retry after success finds the stored record and gets the same body, nothing is re-run;
 * - a failure (validation, a crash, a lost connection before COMMIT) rolls back the work and the
 *   record together, so a retry runs the work again — nothing was created the first time;
 * - a duplicate arriving while the first is still running cannot take the lock: 409 at once,
 *   rather than waiting or running twice;
 * - the same key with a different body (or on another route): 422 IDEMPOTENCY_KEY_REUSED.
 *
 * The record is the transaction's last write, after the work's audit event: the audit chain's
 * lock is held for one more single-row insert.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly records: IdempotencyRepository,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.jobs.register(PRUNE_QUEUE, () => this.pruneExpired().then(() => undefined), {
      retryLimit: 2,
      expireInSeconds: 600,
    });
    this.jobs.schedule(PRUNE_QUEUE, '17 * * * *');
  }

  /**
   * Runs `work` in a transaction; with a request, at most once per (user, key) in 24 hours.
   * The result must be plain JSON (a response DTO): a replay returns it parsed from storage.
   */
  async run<T>(
    request: IdempotentRequest | undefined,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (!request) return this.dataSource.transaction(work);
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.records.tryLock(request.userId, request.key, manager))) {
        throw new AppException(
          'IDEMPOTENCY_KEY_IN_USE',
          'A request with this Idempotency-Key is still being processed; retry shortly',
          { retryAfterSeconds: 1 },
        );
      }
      const now = this.clock.now();
      const existing = await this.records.findLive(request.userId, request.key, now, manager);
      if (existing) {
        if (existing.requestHash !== request.requestHash) {
          throw new AppException(
            'IDEMPOTENCY_KEY_REUSED',
            'This Idempotency-Key was already used with a different request; use a new key',
          );
        }
        request.markReplayed();
        return JSON.parse(existing.responseBody) as T;
      }
      const result = await work(manager);
      await this.records.save(
        {
          userId: request.userId,
          key: request.key,
          requestHash: request.requestHash,
          responseStatus: request.successStatus,
          responseBody: JSON.stringify(result),
          createdAt: now,
          expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
        },
        manager,
      );
      return result;
    });
  }

  /** Deletes expired records in small batches; how many went. */
  async pruneExpired(): Promise<number> {
    const now = this.clock.now();
    let total = 0;
    for (;;) {
      const deleted = await this.records.deleteExpired(now, PRUNE_BATCH_SIZE);
      total += deleted;
      if (deleted < PRUNE_BATCH_SIZE) break;
    }
    if (total > 0) this.logger.log(`Pruned ${total} expired idempotency record(s)`);
    return total;
  }
}
