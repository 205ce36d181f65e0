import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Where the chain resumes after a prune: the sequence and hash of the last event deleted.
 * Verification starts from the newest anchor. Append-only like the events.
 */
@Entity({ name: 'audit_chain_anchors' })
export class AuditChainAnchor {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'bigint', unique: true })
  throughSequence!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  /** Events this prune step deleted. */
  @Column({ type: 'integer' })
  prunedCount!: number;

  /** Events older than this were due for deletion. */
  @Column({ type: 'timestamptz' })
  cutoff!: Date;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
