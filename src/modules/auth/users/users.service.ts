import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PasswordHasher } from 'src/platform/crypto/password-hasher';
import { TransactionalEvents } from 'src/platform/events/transactional-events';
import { AppException } from 'src/platform/errors/app.exception';
import { Role } from 'src/platform/security/principal';
import { AccountActions, SecurityActions } from 'src/modules/audit/audit-actions';
import { AuditService } from 'src/modules/audit/audit.service';
import { PasswordPolicy } from 'src/modules/auth/passwords/password-policy';
import { AdminUserDto, ProfileDto, UpdateProfileDto } from 'src/modules/auth/users/dto/profile.dto';
import { User } from 'src/modules/auth/users/entities/user.entity';
import { BaseCurrencyChanged } from 'src/modules/auth/users/users.events';
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
    private readonly events: TransactionalEvents,
  ) {}

  /**
   * The user's base currency. Given the manager of a transaction, the user's row is share-locked
   * until it ends, so a base-currency change waits for expenses being written in the old one
   * (and they wait for it) instead of leaving one behind in the old currency.
   */
  async getBaseCurrency(userId: string, manager?: EntityManager): Promise<string> {
    const locked = manager?.queryRunner?.isTransactionActive === true;
    const baseCurrency = await this.users.findBaseCurrency(userId, manager, locked);
    if (baseCurrency === undefined) throw new AppException('NOT_FOUND', 'No such user');
    return baseCurrency;
  }

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

  /** All changes or none: a failed base-currency change keeps the old display name too. */
  async updateProfile(userId: string, changes: UpdateProfileDto): Promise<ProfileDto> {
    await this.dataSource.transaction(async (manager) => {
      if (changes.displayName !== undefined) {
        await this.users.update(userId, { displayName: changes.displayName }, manager);
        await this.audit.record(manager, {
          action: AccountActions.ProfileUpdated,
          resourceType: 'user',
          resourceId: userId,
          details: { fields: ['displayName'] },
        });
      }
      if (changes.baseCurrency !== undefined) {
        await this.changeBaseCurrency(userId, changes.baseCurrency, manager);
      }
    });
    return this.getProfile(userId);
  }

  /**
   * The user's row is locked, the BaseCurrencyChanged handlers re-base what is kept in the old currency, and the
   * audit event is written last, all in the caller's transaction.
   */
  private async changeBaseCurrency(
    userId: string,
    to: string,
    manager: EntityManager,
  ): Promise<void> {
    const user = await this.users.lockById(userId, manager);
    if (!user) throw new AppException('NOT_FOUND', 'No such user');
    const from = user.baseCurrency;
    if (from === to) return;
    await this.users.update(userId, { baseCurrency: to }, manager);
    let details: Record<string, unknown> = { from, to };
    for (const handled of await this.events.raise(manager, BaseCurrencyChanged, {
      userId,
      from,
      to,
    })) {
      details = { ...details, ...handled };
    }
    await this.audit.record(manager, {
      action: AccountActions.BaseCurrencyChanged,
      resourceType: 'user',
      resourceId: userId,
      details,
    });
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
    baseCurrency: user.baseCurrency,
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
