import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from 'src/platform/errors/app.exception';
import { Page, toPage } from 'src/platform/pagination/page';
import { Principal, Role } from 'src/platform/security/principal';
import { ListUsersQuery } from 'src/modules/auth/admin/dto/admin-users.dto';
import { SessionsService } from 'src/modules/auth/sessions/sessions.service';
import { AdminUserDto } from 'src/modules/auth/users/dto/profile.dto';
import { User } from 'src/modules/auth/users/entities/user.entity';
import { UsersRepository } from 'src/modules/auth/users/users.repository';
import { toAdminUserDto } from 'src/modules/auth/users/users.service';

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
  ) {}

  async list(query: ListUsersQuery): Promise<Page<AdminUserDto>> {
    const rows = await this.users.search(query);
    return toPage(
      rows,
      query.limit,
      (user) => [user.createdAt.toISOString(), user.id],
      toAdminUserDto,
    );
  }

  async get(id: string): Promise<AdminUserDto> {
    return toAdminUserDto(await this.require(id));
  }

  /** Deactivates the account and ends its sessions; its API keys stop working with it. */
  async deactivate(admin: Principal, id: string): Promise<AdminUserDto> {
    return this.change(admin, id, async (user, manager) => {
      if (user.status === 'deactivated') return;
      await this.assertNotLastAdmin(user, manager);
      await this.users.update(user.id, { status: 'deactivated' }, manager);
      await this.sessions.revokeAll(user.id, 'deactivated', manager);
    });
  }

  async reactivate(admin: Principal, id: string): Promise<AdminUserDto> {
    return this.change(admin, id, async (user, manager) => {
      if (user.status === 'active') return;
      await this.users.update(user.id, { status: 'active' }, manager);
      await this.users.clearFailedLogins(user.id, manager);
    });
  }

  async changeRole(admin: Principal, id: string, role: Role): Promise<AdminUserDto> {
    return this.change(admin, id, async (user, manager) => {
      if (user.role === role) return;
      if (role !== 'admin') await this.assertNotLastAdmin(user, manager);
      await this.users.update(user.id, { role }, manager);
    });
  }

  async revokeSessions(admin: Principal, id: string): Promise<void> {
    await this.change(admin, id, async (user, manager) => {
      await this.sessions.revokeAll(user.id, 'revoked_by_admin', manager);
    });
  }

  /** Locks the target row for the change, so concurrent demotions cannot leave no admin. */
  private async change(
    _admin: Principal,
    id: string,
    apply: (user: User, manager: EntityManager) => Promise<void>,
  ): Promise<AdminUserDto> {
    const user = await this.dataSource.transaction(async (manager) => {
      const target = await this.users.lockById(id, manager);
      if (!target) throw new AppException('NOT_FOUND', 'No such user');
      await apply(target, manager);
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

  private async require(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new AppException('NOT_FOUND', 'No such user');
    return user;
  }
}
