import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IdempotencyRecord } from 'src/platform/idempotency/idempotency-record.entity';

/** First key of the two-part advisory locks taken for idempotency keys ("IDEM"). */
const LOCK_NAMESPACE = 0x4944454d;

@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes the key's transaction-scoped advisory lock without waiting; false when another
   * transaction holds it (the same key is being processed right now). Two different keys may
   * share a lock number (32 bits of a hash): the cost is a rare needless 409, never a mix-up.
   */
  async tryLock(userId: string, key: string, manager: EntityManager): Promise<boolean> {
    const digest = createHash('sha256').update(`${userId}\u0000${key}`).digest();
    const [row] = await manager.query<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock($1::int, $2::int) AS locked',
      [LOCK_NAMESPACE, digest.readInt32BE(0)],
    );
    return row.locked;
  }

  /** The record unless it has expired (expired ones wait for the prune job). */
  findLive(
    userId: string,
    key: string,
    now: Date,
    manager: EntityManager,
  ): Promise<IdempotencyRecord | null> {
    return manager
      .getRepository(IdempotencyRecord)
      .createQueryBuilder('record')
      .where('record.userId = :userId AND record.key = :key AND record.expiresAt > :now', {
        userId,
        key,
        now,
      })
      .getOne();
  }

  /** Writes the record, replacing an expired one with the same key (the caller holds its lock). */
  async save(record: IdempotencyRecord, manager: EntityManager): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(IdempotencyRecord)
      .values(record)
      .orUpdate(
        ['request_hash', 'response_status', 'response_body', 'created_at', 'expires_at'],
        ['user_id', 'key'],
      )
      .execute();
  }

  /** Deletes up to `batchSize` expired records; how many went. */
  async deleteExpired(now: Date, batchSize: number): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM idempotency_records WHERE ctid IN (
         SELECT ctid FROM idempotency_records WHERE expires_at <= $1 LIMIT $2
       )`,
      [now, batchSize],
    );
    return deleted;
  }
}
