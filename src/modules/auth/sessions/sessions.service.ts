import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { hashToken, randomToken } from 'src/platform/crypto/secret-tokens';
import { AppException } from 'src/platform/errors/app.exception';
import { ClientInfo } from 'src/platform/http/client-info';
import { Principal } from 'src/platform/security/principal';
import { Clock } from 'src/platform/clock/clock';
import { SecurityActions } from 'src/modules/audit/audit-actions';
import { AuditService } from 'src/modules/audit/audit.service';
import { AuthMetrics } from 'src/modules/auth/auth.metrics';
import { Session, TokenDelivery } from 'src/modules/auth/sessions/entities/session.entity';
import { decideRefresh } from 'src/modules/auth/sessions/refresh-decision';
import { openSuccessor, sealSuccessor } from 'src/modules/auth/sessions/refresh-successor';
import { SessionsRepository } from 'src/modules/auth/sessions/sessions.repository';
import { AccessTokenClaims, AccessTokens } from 'src/modules/auth/tokens/access-tokens';

/** Refresh tokens are recognisable (secret scanners, logs) and hold 256 random bits. */
const REFRESH_TOKEN_PREFIX = 'llr_';

export interface IssuedTokens {
  userId: string;
  sessionId: string;
  delivery: TokenDelivery;
  accessToken: string;
  accessTokenExpiresIn: number;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

export type SessionEndReason =
  | 'logout'
  | 'revoked_by_user'
  | 'revoked_by_admin'
  | 'password_changed'
  | 'password_reset'
  | 'deactivated'
  | 'refresh_token_reuse';

@Injectable()
export class SessionsService {
  private readonly logger = new Logger('Sessions');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsRepository,
    private readonly accessTokens: AccessTokens,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly metrics: AuthMetrics,
    private readonly audit: AuditService,
  ) {}

  /** A new session for a user who has just proved who they are, inside the caller's transaction. */
  async start(
    manager: EntityManager,
    userId: string,
    delivery: TokenDelivery,
    client: ClientInfo,
  ): Promise<IssuedTokens> {
    const now = this.clock.now();
    const session = await this.sessions.insert(
      {
        userId,
        delivery,
        lastUsedAt: now,
        expiresAt: this.secondsAfter(now, this.config.auth.sessionMaxLifetimeSeconds),
        ip: client.ip,
        userAgent: client.userAgent,
      },
      manager,
    );
    return this.issue(manager, session, now);
  }

  /**
   * Exchanges a refresh token for a new pair. A token that was already exchanged means it was
   * copied: the whole session is revoked (the thief's and the owner's tokens alike) — unless it
   * was exchanged less than REFRESH_TOKEN_REUSE_GRACE_S ago, when it is the same client racing
   * itself and gets the same successor again (refresh-decision.ts). The row lock on the token
   * serialises concurrent refreshes: the second waits for the first to commit, then sees it
   * spent with its sealed successor.
   */
  async rotate(refreshToken: string): Promise<IssuedTokens> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const state = await this.sessions.lockRefreshToken(hashToken(refreshToken), manager);
      if (!state) return { kind: 'invalid' as const };
      const graceMs = this.config.auth.refreshReuseGraceSeconds * 1000;
      const decision = decideRefresh(
        { ...state, hasSealedSuccessor: state.successorSealed !== null },
        now,
        graceMs,
      );
      const session = {
        id: state.sessionId,
        userId: state.userId,
        delivery: state.delivery,
        expiresAt: state.sessionExpiresAt,
      };
      if (decision === 'replay') {
        const successor = openSuccessor(
          this.config.auth.jwtSecrets,
          refreshToken,
          state.successorSealed!,
        );
        const expiresAt =
          successor && (await this.sessions.findRefreshTokenExpiry(hashToken(successor), manager));
        if (successor && expiresAt) {
          return { kind: 'rotated' as const, tokens: this.pair(session, successor, expiresAt) };
        }
        // A box that does not open (its key is no longer configured) cannot prove a race:
        // the second use is then treated like any other.
      }
      if (decision === 'reuse' || decision === 'replay') {
        await this.sessions.revoke(
          state.userId,
          state.sessionId,
          'refresh_token_reuse',
          now,
          manager,
        );
        await this.audit.record(manager, {
          action: SecurityActions.RefreshTokenReused,
          resourceType: 'session',
          resourceId: state.sessionId,
          outcome: 'denied',
          subjectUserId: state.userId,
        });
        return { kind: 'reused' as const, userId: state.userId, sessionId: state.sessionId };
      }
      if (decision === 'invalid') return { kind: 'invalid' as const };
      const successor = this.newRefreshToken();
      await this.sessions.markRefreshTokenUsed(
        state.tokenId,
        now,
        sealSuccessor(this.config.auth.jwtSecrets[0], refreshToken, successor),
        manager,
      );
      await this.sessions.clearSpentSuccessors(
        state.sessionId,
        new Date(now.getTime() - graceMs),
        manager,
      );
      await this.sessions.touch(state.sessionId, now, manager);
      return {
        kind: 'rotated' as const,
        tokens: await this.issue(manager, session, now, successor),
      };
    });
    if (outcome.kind === 'rotated') return outcome.tokens;
    if (outcome.kind === 'reused') {
      this.metrics.refreshTokenReuse.inc();
      this.logger.warn(
        { userId: outcome.userId, sessionId: outcome.sessionId },
        'Refresh token reused: session revoked',
      );
    }
    throw new AppException(
      'AUTH_REFRESH_TOKEN_INVALID',
      'The refresh token is invalid, expired or revoked',
    );
  }

  /** The session a refresh token belongs to, while it is live (logout without an access token). */
  async findByRefreshToken(
    refreshToken: string,
  ): Promise<{ id: string; userId: string } | undefined> {
    return this.sessions.findSessionByRefreshToken(hashToken(refreshToken));
  }

  /** The principal behind a verified access token, if its session and user are still live. */
  async authenticate(claims: AccessTokenClaims): Promise<Principal | undefined> {
    const role = await this.sessions.findActiveRole(
      claims.sessionId,
      claims.userId,
      this.clock.now(),
    );
    return role && { kind: 'user', userId: claims.userId, role, sessionId: claims.sessionId };
  }

  listActive(userId: string, limit: number, cursor?: string): Promise<Session[]> {
    return this.sessions.listActive(userId, this.clock.now(), limit, cursor);
  }

  revoke(
    userId: string,
    sessionId: string,
    reason: SessionEndReason,
    manager?: EntityManager,
  ): Promise<boolean> {
    return this.sessions.revoke(userId, sessionId, reason, this.clock.now(), manager);
  }

  revokeAll(
    userId: string,
    reason: SessionEndReason,
    manager?: EntityManager,
    keepSessionId?: string,
  ): Promise<number> {
    return this.sessions.revokeAll(userId, reason, this.clock.now(), manager, keepSessionId);
  }

  private async issue(
    manager: EntityManager,
    session: Pick<Session, 'id' | 'userId' | 'delivery' | 'expiresAt'>,
    now: Date,
    refreshToken = this.newRefreshToken(),
  ): Promise<IssuedTokens> {
    const idleExpiry = this.secondsAfter(now, this.config.auth.refreshTokenTtlSeconds);
    const refreshTokenExpiresAt = idleExpiry < session.expiresAt ? idleExpiry : session.expiresAt;
    await this.sessions.insertRefreshToken(
      {
        sessionId: session.id,
        tokenHash: hashToken(refreshToken),
        expiresAt: refreshTokenExpiresAt,
      },
      manager,
    );
    return this.pair(session, refreshToken, refreshTokenExpiresAt);
  }

  /** A fresh access token beside a refresh token that is already stored. */
  private pair(
    session: Pick<Session, 'id' | 'userId' | 'delivery'>,
    refreshToken: string,
    refreshTokenExpiresAt: Date,
  ): IssuedTokens {
    return {
      userId: session.userId,
      sessionId: session.id,
      delivery: session.delivery,
      accessToken: this.accessTokens.issue({ userId: session.userId, sessionId: session.id }),
      accessTokenExpiresIn: this.accessTokens.ttlSeconds,
      refreshToken,
      refreshTokenExpiresAt,
    };
  }

  private newRefreshToken(): string {
    return `${REFRESH_TOKEN_PREFIX}${randomToken()}`;
  }

  private secondsAfter(moment: Date, seconds: number): Date {
    return new Date(moment.getTime() + seconds * 1000);
  }
}
