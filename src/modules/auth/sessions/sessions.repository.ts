import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { decodeCreatedAtCursor } from 'src/platform/pagination/cursor';
import { Role } from 'src/platform/security/principal';
import { RefreshToken } from 'src/modules/auth/sessions/entities/refresh-token.entity';
import { Session } from 'src/modules/auth/sessions/entities/session.entity';

export type NewSession = Pick<
  Session,
  'userId' | 'delivery' | 'lastUsedAt' | 'expiresAt' | 'ip' | 'userAgent'
>;

/** What a refresh needs to decide, read under a row lock on the presented token. */
export interface RefreshTokenState {
  tokenId: string;
  tokenExpiresAt: Date;
  usedAt: Date | null;
  successorSealed: Buffer | null;
  sessionId: string;
  sessionExpiresAt: Date;
  sessionRevokedAt: Date | null;
  delivery: Session['delivery'];
  userId: string;
  userRole: Role;
  userStatus: string;
}

@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  insert(session: NewSession, manager: EntityManager = this.dataSource.manager): Promise<Session> {
    const repository = manager.getRepository(Session);
    return repository.save(repository.create(session));
  }

  /**
   * The hot path of every token-authenticated request: the role of the session's user while
   * both are alive. One indexed lookup, raw SQL to keep the ORM out of it.
   */
  async findActiveRole(sessionId: string, userId: string, now: Date): Promise<Role | undefined> {
    const rows = await this.dataSource.query<{ role: Role }[]>(
      `SELECT u.role FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3
          AND u.status = 'active'`,
      [sessionId, userId, now],
    );
    return rows[0]?.role;
  }

  /** Newest first, by start (a key that never changes, so pages do not shift under refreshes). */
  listActive(userId: string, now: Date, limit: number, cursor?: string): Promise<Session[]> {
    const builder = this.dataSource
      .getRepository(Session)
      .createQueryBuilder('session')
      .where(
        'session.userId = :userId AND session.revokedAt IS NULL AND session.expiresAt > :now',
        {
          userId,
          now,
        },
      )
      .orderBy('session.createdAt', 'DESC')
      .addOrderBy('session.id', 'DESC')
      .limit(limit + 1);
    if (cursor) {
      const { createdAt, id } = decodeCreatedAtCursor(cursor);
      builder.andWhere('(session.createdAt, session.id) < (:createdAt, :id)', { createdAt, id });
    }
    return builder.getMany();
  }

  /** Revokes one of the user's live sessions; false when there is no such session. */
  async revoke(
    userId: string,
    sessionId: string,
    reason: string,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const result = await manager
      .getRepository(Session)
      .update(
        { id: sessionId, userId, revokedAt: IsNull() },
        { revokedAt: now, revokedReason: reason },
      );
    return (result.affected ?? 0) > 0;
  }

  /** Revokes every live session of the user, but `keepSessionId`; returns how many. */
  async revokeAll(
    userId: string,
    reason: string,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
    keepSessionId?: string,
  ): Promise<number> {
    const result = await manager.getRepository(Session).update(
      {
        userId,
        revokedAt: IsNull(),
        ...(keepSessionId ? { id: Not(keepSessionId) } : {}),
      },
      { revokedAt: now, revokedReason: reason },
    );
    return result.affected ?? 0;
  }

  async insertRefreshToken(
    token: Pick<RefreshToken, 'sessionId' | 'tokenHash' | 'expiresAt'>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.getRepository(RefreshToken).insert(token);
  }

  /** The token, its session and user, locked so that two refreshes with one token serialise. */
  async lockRefreshToken(
    tokenHash: string,
    manager: EntityManager,
  ): Promise<RefreshTokenState | undefined> {
    const rows = await manager.query<RefreshTokenState[]>(
      `SELECT t.id AS "tokenId", t.expires_at AS "tokenExpiresAt", t.used_at AS "usedAt",
              t.successor_sealed AS "successorSealed",
              s.id AS "sessionId", s.expires_at AS "sessionExpiresAt", s.revoked_at AS "sessionRevokedAt",
              s.delivery, u.id AS "userId", u.role AS "userRole", u.status AS "userStatus"
         FROM refresh_tokens t
         JOIN sessions s ON s.id = t.session_id
         JOIN users u ON u.id = s.user_id
        WHERE t.token_hash = $1
        FOR UPDATE OF t, s`,
      [tokenHash],
    );
    return rows[0];
  }

  async markRefreshTokenUsed(
    tokenId: string,
    now: Date,
    successorSealed: Buffer,
    manager: EntityManager,
  ): Promise<void> {
    await manager
      .getRepository(RefreshToken)
      .update({ id: tokenId }, { usedAt: now, successorSealed });
  }

  /**
   * Forgets the successors of the session's tokens spent before `spentBefore` (outside the
   * grace window, where they can no longer be replayed): they are kept no longer than needed.
   */
  async clearSpentSuccessors(
    sessionId: string,
    spentBefore: Date,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens SET successor_sealed = NULL
        WHERE session_id = $1 AND successor_sealed IS NOT NULL AND used_at <= $2`,
      [sessionId, spentBefore],
    );
  }

  /** When a (successor) token expires; undefined when no such token was issued. */
  async findRefreshTokenExpiry(
    tokenHash: string,
    manager: EntityManager,
  ): Promise<Date | undefined> {
    const token = await manager
      .getRepository(RefreshToken)
      .findOne({ where: { tokenHash }, select: { id: true, expiresAt: true } });
    return token?.expiresAt;
  }

  async touch(sessionId: string, now: Date, manager: EntityManager): Promise<void> {
    await manager.getRepository(Session).update({ id: sessionId }, { lastUsedAt: now });
  }

  /** The live session a refresh token belongs to, without using the token (logout). */
  async findSessionByRefreshToken(
    tokenHash: string,
  ): Promise<Pick<Session, 'id' | 'userId'> | undefined> {
    const rows = await this.dataSource.query<Pick<Session, 'id' | 'userId'>[]>(
      `SELECT s.id, s.user_id AS "userId" FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
        WHERE t.token_hash = $1 AND s.revoked_at IS NULL`,
      [tokenHash],
    );
    return rows[0];
  }
}
