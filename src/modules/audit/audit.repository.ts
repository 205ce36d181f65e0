import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ActorType } from 'src/modules/audit/audit.types';
import { ChainAnchor, StoredChainEvent } from 'src/modules/audit/chain/chain-verifier';
import { AuditChainAnchor } from 'src/modules/audit/entities/audit-chain-anchor.entity';
import { AuditEvent } from 'src/modules/audit/entities/audit-event.entity';

/** Advisory lock keys: any fixed 64-bit numbers, the same on every instance. */
const CHAIN_LOCK_KEY = '3148207759123466801';
const PRUNE_LOCK_KEY = '3148207759123466802';

/** The session setting the append-only trigger checks before it lets a DELETE through. */
const PRUNE_SETTING = 'ledgerline.audit_prune_before';

export interface AuditEventFilter {
  actorType?: ActorType;
  actorId?: string;
  action?: string;
  /** Matches actions starting with this text (`auth.` matches `auth.login.failed`). */
  actionPrefix?: string;
  resourceType?: string;
  resourceId?: string;
  subjectUserId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface PrunedBatch {
  deleted: number;
  anchor: ChainAnchor;
}

interface StoredChainRow {
  sequence: string;
  id: string;
  occurred_at: string;
  actor_type: StoredChainEvent['actorType'];
  actor_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: StoredChainEvent['outcome'];
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  subject_user_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Serialises appends until the caller's transaction ends, so each new event reads the hash
   * that the previous one committed.
   */
  async lockChain(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
  }

  /** The hash the next event links to: the newest event's, else the last prune anchor's. */
  async chainHeadHash(manager: EntityManager): Promise<string | null> {
    const [row] = await manager.query<{ hash: string | null }[]>(
      `SELECT COALESCE(
         (SELECT hash FROM audit_events ORDER BY sequence DESC LIMIT 1),
         (SELECT hash FROM audit_chain_anchors ORDER BY through_sequence DESC LIMIT 1)
       ) AS hash`,
    );
    return row?.hash ?? null;
  }

  /** One INSERT with every column; returns the sequence the event got. */
  async append(event: Omit<StoredChainEvent, 'sequence'>, manager: EntityManager): Promise<string> {
    const [row] = await manager.query<{ sequence: string }[]>(
      `INSERT INTO audit_events (id, occurred_at, actor_type, actor_id, action, resource_type,
         resource_id, outcome, request_id, ip, user_agent, subject_user_id, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15)
       RETURNING sequence`,
      [
        event.id,
        event.occurredAt,
        event.actorType,
        event.actorId,
        event.action,
        event.resourceType,
        event.resourceId,
        event.outcome,
        event.requestId,
        event.ip,
        event.userAgent,
        event.subjectUserId,
        JSON.stringify(event.details),
        event.prevHash,
        event.hash,
      ],
    );
    return row.sequence;
  }

  async latestAnchor(
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ChainAnchor | undefined> {
    const [row] = await manager.query<{ through_sequence: string; hash: string }[]>(
      'SELECT through_sequence, hash FROM audit_chain_anchors ORDER BY through_sequence DESC LIMIT 1',
    );
    return row ? { throughSequence: row.through_sequence, hash: row.hash } : undefined;
  }

  /**
   * The whole chain in sequence order, `batchSize` events at a time. The timestamp is read as
   * text to the microsecond, so the verifier hashes exactly what is stored.
   */
  async *chainInOrder(
    batchSize: number,
    manager: EntityManager,
  ): AsyncGenerator<StoredChainEvent[]> {
    let after = '0';
    for (;;) {
      const rows = await manager.query<StoredChainRow[]>(
        `SELECT sequence, id,
                to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
                actor_type, actor_id, action, resource_type, resource_id, outcome, request_id, ip,
                user_agent, subject_user_id, details, prev_hash, hash
         FROM audit_events WHERE sequence > $1 ORDER BY sequence LIMIT $2`,
        [after, batchSize],
      );
      if (rows.length === 0) return;
      yield rows.map(toStoredChainEvent);
      after = rows[rows.length - 1].sequence;
      if (rows.length < batchSize) return;
    }
  }

  /**
   * The newest sequence that may be pruned for `cutoff`: the end of the run of oldest events
   * that all occurred before it. Clocks of different instances may disagree a little, so
   * occurrence times are not strictly in sequence order; stopping at the first recent event
   * keeps what remains one unbroken stretch of the chain.
   */
  async pruneBoundary(
    cutoff: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | null> {
    const [row] = await manager.query<{ through: string | null }[]>(
      `SELECT max(sequence) AS through FROM audit_events
       WHERE sequence < COALESCE(
         (SELECT min(sequence) FROM audit_events WHERE occurred_at >= $1),
         9223372036854775807)`,
      [cutoff],
    );
    return row?.through ?? null;
  }

  /**
   * Deletes the oldest `batchSize` events at or below `throughSequence` through the one path
   * the append-only trigger allows, and anchors the chain at the last one deleted. Serialised
   * with other prunes. Undefined when nothing is left to delete.
   */
  async pruneBatch(
    cutoff: Date,
    throughSequence: string,
    batchSize: number,
    createdAt: Date,
    manager: EntityManager,
  ): Promise<PrunedBatch | undefined> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [PRUNE_LOCK_KEY]);
    await manager.query('SELECT set_config($1, $2, true)', [PRUNE_SETTING, cutoff.toISOString()]);
    const [last] = await manager.query<{ sequence: string; hash: string }[]>(
      `SELECT sequence, hash FROM (
         SELECT sequence, hash FROM audit_events WHERE sequence <= $1 ORDER BY sequence LIMIT $2
       ) batch ORDER BY sequence DESC LIMIT 1`,
      [throughSequence, batchSize],
    );
    if (!last) return undefined;
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(AuditEvent)
      .where('sequence <= :last', { last: last.sequence })
      .execute();
    const deleted = result.affected ?? 0;
    await manager.insert(AuditChainAnchor, {
      throughSequence: last.sequence,
      hash: last.hash,
      prunedCount: deleted,
      cutoff,
      createdAt,
    });
    return { deleted, anchor: { throughSequence: last.sequence, hash: last.hash } };
  }

  /** Newest first, `limit` events older (in chain order) than `beforeSequence`. */
  search(
    filter: AuditEventFilter,
    beforeSequence: string | undefined,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AuditEvent[]> {
    const query = manager.getRepository(AuditEvent).createQueryBuilder('event');
    if (filter.actorType) query.andWhere('event.actorType = :actorType', filter);
    if (filter.actorId) query.andWhere('event.actorId = :actorId', filter);
    if (filter.action) query.andWhere('event.action = :action', filter);
    if (filter.actionPrefix) {
      query.andWhere('event.action LIKE :pattern', {
        pattern: `${escapeLike(filter.actionPrefix)}%`,
      });
    }
    if (filter.resourceType) query.andWhere('event.resourceType = :resourceType', filter);
    if (filter.resourceId) query.andWhere('event.resourceId = :resourceId', filter);
    if (filter.subjectUserId) query.andWhere('event.subjectUserId = :subjectUserId', filter);
    if (filter.from) query.andWhere('event.occurredAt >= :from', filter);
    if (filter.to) query.andWhere('event.occurredAt < :to', filter);
    if (beforeSequence) query.andWhere('event.sequence < :beforeSequence', { beforeSequence });
    return query.orderBy('event.sequence', 'DESC').limit(limit).getMany();
  }

  /** A user's own events among `actions`, newest first. */
  findActivity(
    subjectUserId: string,
    actions: readonly string[],
    beforeSequence: string | undefined,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AuditEvent[]> {
    const query = manager
      .getRepository(AuditEvent)
      .createQueryBuilder('event')
      .where('event.subjectUserId = :subjectUserId', { subjectUserId })
      .andWhere('event.action IN (:...actions)', { actions });
    if (beforeSequence) query.andWhere('event.sequence < :beforeSequence', { beforeSequence });
    return query.orderBy('event.sequence', 'DESC').limit(limit).getMany();
  }
}

function toStoredChainEvent(row: StoredChainRow): StoredChainEvent {
  return {
    sequence: row.sequence,
    id: row.id,
    occurredAt: row.occurred_at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    outcome: row.outcome,
    requestId: row.request_id,
    ip: row.ip,
    userAgent: row.user_agent,
    subjectUserId: row.subject_user_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
