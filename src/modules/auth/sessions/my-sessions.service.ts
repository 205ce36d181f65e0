import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from 'src/platform/errors/app.exception';
import { Principal } from 'src/platform/security/principal';
import { Page, PageQuery, toPage } from 'src/platform/pagination/page';
import { SessionDto } from 'src/modules/auth/sessions/dto/session.dto';
import { SessionsService } from 'src/modules/auth/sessions/sessions.service';

/** A user managing their own sessions. */
@Injectable()
export class MySessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
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
    const revoked = await this.dataSource.transaction((manager) =>
      this.sessions.revoke(principal.userId, sessionId, 'revoked_by_user', manager),
    );
    if (!revoked) throw new AppException('NOT_FOUND', 'No such active session');
  }

  async revokeOthers(principal: Principal): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.sessions.revokeAll(principal.userId, 'revoked_by_user', manager, principal.sessionId),
    );
  }
}
