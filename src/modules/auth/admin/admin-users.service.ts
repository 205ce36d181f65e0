import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from 'src/platform/errors/app.exception';
import { Page, toPage } from 'src/platform/pagination/page';
import { Role } from 'src/platform/security/principal';
import { SecurityActions } from 'src/modules/audit/audit-actions';
import { AuditService } from 'src/modules/audit/audit.service';
import { ListUsersQuery } from 'src/modules/auth/admin/dto/admin-users.dto';
import { SessionsService } from 'src/modules/auth/sessions/sessions.service';
import { AdminUserDto } from 'src/modules/auth/users/dto/profile.dto';
import { User } from 'src/modules/auth/users/entities/user.entity';
import { UsersRepository } from 'src/modules/auth/users/users.repository';
import { toAdminUserDto } from 'src/modules/auth/users/users.service';

/** What one administrative change did, for its audit event; undefined when nothing changed. */
type Change = { action: string; details?: Record<string, unknown> } | undefined;

/**
 * Account administration. Changes take effect on the target's next request: every request
 * re-reads the user's status and role with its session.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListUsersQuery): Promise<Page<AdminUserDto>> {
    const rows = await this.users.search({
      text: query.q,
      role: query.role,
      status: query.status,
      limit: query.limit,
      cursor: query.cursor,
    });
    return toPage(
      rows,
      query.limit,
      (user) => [user.createdAt.toISOString(), user.id],
      toAdminUserDto,
    );
  }

  async get(id: string): Promise<AdminUserDto> {
    const user = await this.users.findById(id);
    if (!user) throw new AppException('NOT_FOUND', 'No such user');
    return toAdminUserDto(user);
  }

  /** Deactivates the account and ends its sessions; its API keys stop working with it. */
  deactivate(id: string): Promise<AdminUserDto> {
    return this.change(id, async (user, manager) => {
      if (user.status === 'deactivated') return undefined;
      await this.assertNotLastAdmin(user, manager);
      await this.users.update(user.id, { status: 'deactivated' }, manager);
      const ended = await this.sessions.revokeAll(user.id, 'deactivated', manager);
      return { action: SecurityActions.AccountDeactivated, details: { sessionsEnded: ended } };
    });
  }

  reactivate(id: string): Promise<AdminUserDto> {
    return this.change(id, async (user, manager) => {
      if (user.status === 'active') return undefined;
      await this.users.update(user.id, { status: 'active' }, manager);
      await this.users.clearFailedLogins(user.id, manager);
      return { action: SecurityActions.AccountReactivated };
    });
  }

  changeRole(id: string, role: Role): Promise<AdminUserDto> {
    return this.change(id, async (user, manager) => {
      if (user.role === role) return undefined;
      if (role !== 'admin') await this.assertNotLastAdmin(user, manager);
      await this.users.update(user.id, { role }, manager);
      return { action: SecurityActions.RoleChanged, details: { from: user.role, to: role } };
    });
  }

  async revokeSessions(id: string): Promise<void> {
    await this.change(id, async (user, manager) => {
      const ended = await this.sessions.revokeAll(user.id, 'revoked_by_admin', manager);
      return {
        action: SecurityActions.SessionRevoked,
        details: { scope: 'all_sessions', sessionsEnded: ended },
      };
    });
  }

  /**
   * Locks the target row for the change, so concurrent demotions cannot leave no admin, and
   * records what changed in the same transaction.
   */
  private async change(
    id: string,
    apply: (user: User, manager: EntityManager) => Promise<Change>,
  ): Promise<AdminUserDto> {
    const user = await this.dataSource.transaction(async (manager) => {
      const target = await this.users.lockById(id, manager);
      if (!target) throw new AppException('NOT_FOUND', 'No such user');
      const change = await apply(target, manager);
      if (change) {
        await this.audit.record(manager, {
          action: change.action,
          resourceType: 'user',
          resourceId: target.id,
          subjectUserId: target.id,
          details: change.details,
        });
      }
      return this.users.findById(id, manager);
    });
    return toAdminUserDto(user!);
  }

  private async assertNotLastAdmin(user: User, manager: EntityManager): Promise<void> {
    if (user.role !== 'admin' || user.status !== 'active') return;
    if ((await this.users.lockActiveAdminIds(manager)).length <= 1) {
      throw new AppException('CONFLICT', 'The last active administrator cannot be removed');
    }
  }
}
