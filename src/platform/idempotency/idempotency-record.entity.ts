import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The first response to a create request sent with an `Idempotency-Key`, kept so a retry with
 * the same key gets that response instead of creating a twin. Keyed by the user the request
 * acted for (no foreign key: the platform knows no module; expired rows are pruned by a job).
 */
@Entity({ name: 'idempotency_records' })
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key!: string;

  /** sha256 (hex) of the method, route and canonical JSON body of the first request. */
  @Column({ type: 'char', length: 64 })
  requestHash!: string;

  @Column({ type: 'smallint' })
  responseStatus!: number;

  /** Text, not jsonb: a replay must be byte for byte the first body, key order included. */
  @Column({ type: 'text' })
  responseBody!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Index()
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
