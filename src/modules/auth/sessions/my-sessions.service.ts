import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from 'src/platform/errors/app.exception';
import { Principal } from 'src/platform/security/principal';
import { Page, PageQuery, toPage } from 'src/platform/pagination/page';
import { SecurityActions } from 'src/modules/audit/audit-actions';
import { AuditService } from 'src/modules/audit/audit.service';
import { SessionDto } from 'src/modules/auth/sessions/dto/session.dto';
import { SessionsService } from 'src/modules/auth/sessions/sessions.service';

/** A user managing their own sessions. */
@Injectable()
export class MySessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, page: PageQuery): Promise<Page<SessionDto>> {
    const sessions = await this.sessions.listActive(principal.userId, page.limit, page.cursor);
    return toPage(
      sessions,
      page.limit,
      (session) => [session.createdAt.toISOString(), session.id],
      (session): SessionDto => ({
        id: session.id,
        current: session.id === principal.sessionId,
        delivery: session.delivery,
        ip: session.ip,
        userAgent: session.userAgent,
        createdAt: session.createdAt.toISOString(),
        lastUsedAt: session.lastUsedAt.toISOString(),
        expiresAt: session.expiresAt.toISOString(),
      }),
    );
  }

  async revoke(principal: Principal, sessionId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.sessions.revoke(principal.userId, sessionId, 'revoked_by_user', manager))) {
        throw new AppException('NOT_FOUND', 'No such active session');
      }
      await this.audit.record(manager, {
        action: SecurityActions.SessionRevoked,
        resourceType: 'session',
        resourceId: sessionId,
      });
    });
  }

  async revokeOthers(principal: Principal): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const ended = await this.sessions.revokeAll(
        principal.userId,
        'revoked_by_user',
        manager,
        principal.sessionId,
      );
      await this.audit.record(manager, {
        action: SecurityActions.SessionRevoked,
        resourceType: 'user',
        resourceId: principal.userId,
        details: { scope: 'all_other_sessions', sessionsEnded: ended },
      });
    });
  }
}
