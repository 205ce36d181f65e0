import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PasswordHasher } from 'src/platform/crypto/password-hasher';
import { AppException } from 'src/platform/errors/app.exception';
import { Role } from 'src/platform/security/principal';
import { SecurityActions } from 'src/modules/audit/audit-actions';
import { AuditService } from 'src/modules/audit/audit.service';
import { PasswordPolicy } from 'src/modules/auth/passwords/password-policy';
import { AdminUserDto, ProfileDto, UpdateProfileDto } from 'src/modules/auth/users/dto/profile.dto';
import { User } from 'src/modules/auth/users/entities/user.entity';
import { UsersRepository } from 'src/modules/auth/users/users.repository';

export interface CreateUserInput {
  email: string;
  password: string;
  displayName: string;
  role?: Role;
  isDemo?: boolean;
  emailVerifiedAt?: Date;
}

/** Accounts as records: what other modules may read and what start-up seeds. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateUserInput): Promise<ProfileDto> {
    const user = await this.users.insert({
      email: input.email,
      displayName: input.displayName,
      passwordHash: await this.hasher.hash(input.password),
      role: input.role ?? 'user',
      isDemo: input.isDemo ?? false,
      emailVerifiedAt: input.emailVerifiedAt ?? null,
    });
    return toProfileDto(user);
  }

  /**
   * Makes `email` an active administrator: creates the account (verified, the password policy
   * applied) or promotes and reactivates an existing one, audited as done by `system`.
   */
  async ensureAdmin(
    email: string,
    password: string,
    passwordField: string,
  ): Promise<'created' | 'promoted'> {
    const existing = await this.users.findByEmail(email);
    if (!existing) this.policy.assertAcceptable(password, email, passwordField);
    const passwordHash = existing ? undefined : await this.hasher.hash(password);
    return this.dataSource.transaction(async (manager) => {
      let userId: string;
      if (existing) {
        await this.users.update(existing.id, { role: 'admin', status: 'active' }, manager);
        userId = existing.id;
      } else {
        const created = await this.users.insert(
          {
            email,
            displayName: 'Administrator',
            passwordHash: passwordHash!,
            role: 'admin',
            isDemo: false,
            emailVerifiedAt: new Date(),
          },
          manager,
        );
        userId = created.id;
      }
      await this.audit.record(manager, {
        action: existing ? SecurityActions.RoleChanged : SecurityActions.AccountRegistered,
        resourceType: 'user',
        resourceId: userId,
        subjectUserId: userId,
        actor: { type: 'system', id: 'initial-admin' },
        details: { role: 'admin' },
      });
      return existing ? 'promoted' : 'created';
    });
  }

  async hasAnyUser(): Promise<boolean> {
    return (await this.users.countAll()) > 0;
  }

  async hasActiveAdmin(): Promise<boolean> {
    return (await this.users.countActiveAdmins()) > 0;
  }

  async getProfile(userId: string): Promise<ProfileDto> {
    return toProfileDto(await this.require(userId));
  }

  async updateProfile(userId: string, changes: UpdateProfileDto): Promise<ProfileDto> {
    const fields = Object.keys(changes).filter(
      (field) => changes[field as keyof UpdateProfileDto] !== undefined,
    );
    if (fields.length > 0) {
      await this.dataSource.transaction(async (manager) => {
        await this.users.update(userId, changes, manager);
        await this.audit.record(manager, {
          action: 'account.profile.updated',
          resourceType: 'user',
          resourceId: userId,
          details: { fields },
        });
      });
    }
    return this.getProfile(userId);
  }

  private async require(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppException('NOT_FOUND', 'No such user');
    return user;
  }
}

export function toProfileDto(user: User): ProfileDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

export function toAdminUserDto(user: User): AdminUserDto {
  return {
    ...toProfileDto(user),
    status: user.status,
    lockedUntil: user.lockedUntil?.toISOString() ?? null,
  };
}
