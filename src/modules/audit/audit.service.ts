import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { AuditActions, SECURITY_ACTIONS } from 'src/modules/audit/audit-actions';
import { AuditEventFilter, AuditRepository } from 'src/modules/audit/audit.repository';
import {
  AuditEventInput,
  ChainVerification,
  PruneResult,
  RecordedAuditEvent,
} from 'src/modules/audit/audit.types';
import { verifyChain } from 'src/modules/audit/chain/chain-verifier';
import { formatTimestamp, GENESIS_HASH, hashEvent } from 'src/modules/audit/chain/event-hash';
import { ActivityEventResponseDto } from 'src/modules/audit/dto/activity-event-response.dto';
import { AuditEventResponseDto } from 'src/modules/audit/dto/audit-event-response.dto';
import { ListAuditEventsQuery } from 'src/modules/audit/dto/list-audit-events.dto';
import { AuditEvent } from 'src/modules/audit/entities/audit-event.entity';
import { normaliseEvent } from 'src/modules/audit/event-normaliser';
import { Clock } from 'src/platform/clock/clock';
import { AppException } from 'src/platform/errors/app.exception';
import { requestContext } from 'src/platform/logging/request-context';
import { decodeCursor } from 'src/platform/pagination/cursor';
import { Page, PageQuery, toPage } from 'src/platform/pagination/page';

const VERIFY_BATCH_SIZE = 1000;
/** Small enough that one prune step holds its locks and WAL briefly. */
const PRUNE_BATCH_SIZE = 5000;
const DAY_MS = 86_400_000;
const MAX_SEQUENCE = 9_223_372_036_854_775_807n;
const RETENTION_ACTOR = { type: 'system', id: 'audit-retention' } as const;

/**
 * The audit trail: append-only, hash-chained, written in the caller's transaction so a change
 * and its event commit or roll back together.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly events: AuditRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Appends an event inside the caller's transaction. Make it the transaction's last
   * statement: the chain stays locked from here until commit, so every other write
   * transaction's audit step waits that long. Under READ COMMITTED (the default) the head is
   * read fresh after the lock; a REPEATABLE READ or SERIALIZABLE transaction may read a stale
   * one, and the append then fails on the unique prev_hash rather than fork the chain.
   */
  async record(manager: EntityManager, event: AuditEventInput): Promise<RecordedAuditEvent> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        'AuditService.record needs the manager of an open transaction (dataSource.transaction(...)); ' +
          'use recordStandalone for an event without a change',
      );
    }
    const unchained = normaliseEvent(event, requestContext.getStore(), randomUUID());
    await this.events.lockChain(manager);
    // Read under the lock, so times follow chain order on any one instance.
    const occurredAt = this.clock.now();
    const prevHash = (await this.events.chainHeadHash(manager)) ?? GENESIS_HASH;
    const chained = { ...unchained, occurredAt: formatTimestamp(occurredAt), prevHash };
    const hash = hashEvent(chained);
    const sequence = await this.events.append({ ...chained, hash }, manager);
    return { id: chained.id, sequence, occurredAt, hash };
  }

  /** An event with no change around it (a failed login), in a short transaction of its own. */
  recordStandalone(event: AuditEventInput): Promise<RecordedAuditEvent> {
    return this.dataSource.transaction((manager) => this.record(manager, event));
  }

  /**
   * Recomputes every remaining event's hash in chain order, on one consistent snapshot, and
   * names the first event that breaks the chain.
   */
  verifyChain(): Promise<ChainVerification> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const anchor = await this.events.latestAnchor(manager);
      return verifyChain(anchor, this.events.chainInOrder(VERIFY_BATCH_SIZE, manager));
    });
  }

  /**
   * Deletes events older than the retention period, oldest first, in steps that each leave an
   * anchor (the last deleted event's hash) for verification to start from. An
   * `audit.chain.pruned` event is appended first, so the trail records the prune and its
   * newest event, which the next append links to, is never among those deleted.
   */
  async prune(now: Date): Promise<PruneResult> {
    const days = this.config.audit.retentionDays;
    if (days === 0) return { cutoff: null, deleted: 0, throughSequence: null };
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    const throughSequence = await this.events.pruneBoundary(cutoff);
    if (throughSequence === null) return { cutoff, deleted: 0, throughSequence: null };

    await this.recordStandalone({
      action: AuditActions.ChainPruned,
      resourceType: 'audit_chain',
      actor: RETENTION_ACTOR,
      subjectUserId: null,
      details: { cutoff: cutoff.toISOString(), throughSequence, retentionDays: days },
    });
    let deleted = 0;
    for (;;) {
      const batch = await this.dataSource.transaction((manager) =>
        this.events.pruneBatch(
          cutoff,
          throughSequence,
          PRUNE_BATCH_SIZE,
          this.clock.now(),
          manager,
        ),
      );
      if (!batch) break;
      deleted += batch.deleted;
    }
    return { cutoff, deleted, throughSequence };
  }

  /** The admin query, newest first. */
  async listEvents(query: ListAuditEventsQuery): Promise<Page<AuditEventResponseDto>> {
    const before = sequenceFromCursor(query.cursor);
    const rows = await this.events.search(toFilter(query), before, query.limit + 1);
    return toPage(rows, query.limit, (row) => [row.sequence], toAuditEventResponse);
  }

  /** The caller's own security activity, newest first. */
  async listActivity(userId: string, query: PageQuery): Promise<Page<ActivityEventResponseDto>> {
    const before = sequenceFromCursor(query.cursor);
    const rows = await this.events.findActivity(userId, SECURITY_ACTIONS, before, query.limit + 1);
    return toPage(rows, query.limit, (row) => [row.sequence], toActivityResponse);
  }
}

function toFilter(query: ListAuditEventsQuery): AuditEventFilter {
  const prefix = query.action?.endsWith('.*') ? query.action.slice(0, -1) : undefined;
  return {
    actorType: query.actorType,
    actorId: query.actorId,
    action: prefix === undefined ? query.action : undefined,
    actionPrefix: prefix,
    resourceType: query.resourceType,
    resourceId: query.resourceId,
    subjectUserId: query.subjectUserId,
    from: query.from === undefined ? undefined : new Date(query.from),
    to: query.to === undefined ? undefined : new Date(query.to),
  };
}

/** Lists are ordered by sequence; a cursor carries the last one served. */
function sequenceFromCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const [sequence] = decodeCursor(cursor, ['integer']);
  if (sequence === null || !/^[1-9]\d{0,18}$/.test(sequence) || BigInt(sequence) > MAX_SEQUENCE) {
    throw new AppException('VALIDATION_FAILED', 'The cursor is not valid for this list', {
      errors: [{ field: 'cursor', messages: ['cursor must be a value returned as nextCursor'] }],
    });
  }
  return sequence;
}

function toAuditEventResponse(event: AuditEvent): AuditEventResponseDto {
  return {
    id: event.id,
    sequence: event.sequence,
    occurredAt: event.occurredAt.toISOString(),
    actor: { type: event.actorType, id: event.actorId },
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    outcome: event.outcome,
    requestId: event.requestId,
    ip: event.ip,
    userAgent: event.userAgent,
    subjectUserId: event.subjectUserId,
    details: event.details,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

function toActivityResponse(event: AuditEvent): ActivityEventResponseDto {
  return {
    id: event.id,
    occurredAt: event.occurredAt.toISOString(),
    action: event.action,
    outcome: event.outcome,
    ip: event.ip,
    userAgent: event.userAgent,
  };
}
