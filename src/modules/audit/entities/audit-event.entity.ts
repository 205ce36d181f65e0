import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ActorType, AuditOutcome } from 'src/modules/audit/audit.types';

/**
 * One entry of the append-only, hash-chained audit trail. A trigger refuses UPDATE, DELETE and
 * TRUNCATE (pruning excepted, see the migration). No foreign keys: the trail outlives the
 * accounts and resources it names.
 */
@Entity({ name: 'audit_events' })
@Index(['occurredAt'])
@Index(['actorType', 'actorId', 'sequence'])
@Index(['action', 'sequence'])
@Index(['resourceType', 'resourceId', 'sequence'])
@Index(['subjectUserId', 'sequence'])
export class AuditEvent {
  /** Chain order: each event links to the hash of the one before it in this order. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  sequence!: string;

  @Column({ type: 'uuid', unique: true })
  id!: string;

  /** Millisecond precision, from the injected clock. */
  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  actorType!: ActorType;

  @Column({ type: 'varchar', length: 100, nullable: true })
  actorId!: string | null;

  /** Byte order, so a prefix filter (`auth.%`) can use the index under any database locale. */
  @Column({ type: 'varchar', length: 100, collation: 'C' })
  action!: string;

  @Column({ type: 'varchar', length: 50 })
  resourceType!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  resourceId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome!: AuditOutcome;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  /** Text, not inet: inet would rewrite the address, and the hash covers it as written. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  /** The user whose security activity this is. */
  @Column({ type: 'uuid', nullable: true })
  subjectUserId!: string | null;

  /** Unique: two events can never follow the same one, so the chain cannot fork. */
  @Column({ type: 'varchar', length: 64, unique: true })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
