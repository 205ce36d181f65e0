import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Session } from 'src/modules/auth/sessions/entities/session.entity';

/** Every refresh token ever issued in a session, so that presenting a used one is noticed. */
@Entity({ name: 'refresh_tokens' })
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_refresh_tokens_session_id')
  @Column({ type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  session?: Session;

  /** SHA-256 of the token, hex; the token itself is never stored. */
  @Index('uq_refresh_tokens_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  /** Set when the token was exchanged for a new one; a second use is a replay. */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  /** The successor, sealed with the spent token (see refresh-successor.ts). */
  @Column({ type: 'bytea', nullable: true })
  successorSealed!: Buffer | null;
}
