import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { decodeCreatedAtCursor } from 'src/platform/pagination/cursor';
import { Role } from 'src/platform/security/principal';
import { User, UserStatus } from 'src/modules/auth/users/entities/user.entity';

export type NewUser = Pick<User, 'email' | 'displayName' | 'passwordHash' | 'role' | 'isDemo'> &
  Partial<Pick<User, 'emailVerifiedAt'>>;

export interface LockoutPolicy {
  threshold: number;
  baseSeconds: number;
  maxSeconds: number;
}

export interface FailedLoginOutcome {
  /** Set when this failure started a lockout. */
  lockedUntil: Date | null;
  lockoutLevel: number;
}

export interface UserSearch {
  /** Part of the email or display name. */
  text?: string;
  role?: Role;
  status?: UserStatus;
  limit: number;
  cursor?: string;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(user: NewUser, manager: EntityManager = this.dataSource.manager): Promise<User> {
    const repository = manager.getRepository(User);
    return repository.save(repository.create({ ...user, email: user.email.toLowerCase() }));
  }

  /** Inserts unless the email is taken (whatever its case); undefined when it was. */
  async insertIfEmailFree(
    user: NewUser,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<User | undefined> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({ ...user, email: user.email.toLowerCase() })
      .orIgnore()
      .returning('*')
      .execute();
    const row = result.generatedMaps[0];
    return row?.id ? manager.getRepository(User).create(row) : undefined;
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ id });
  }

  findByEmail(
    email: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<User | null> {
    return manager
      .getRepository(User)
      .createQueryBuilder('user')
      .where('lower(user.email) = lower(:email)', { email })
      .getOne();
  }

  /** Undefined when there is no such user; `shareLock` holds the row until the transaction ends. */
  async findBaseCurrency(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    shareLock = false,
  ): Promise<string | undefined> {
    const rows = await manager.query<{ base_currency: string }[]>(
      `SELECT base_currency FROM users WHERE id = $1${shareLock ? ' FOR SHARE' : ''}`,
      [id],
    );
    return rows[0]?.base_currency;
  }

  lockById(id: string, manager: EntityManager): Promise<User | null> {
    return manager
      .getRepository(User)
      .createQueryBuilder('user')
      .setLock('pessimistic_write')
      .where('user.id = :id', { id })
      .getOne();
  }

  /** Locks the active administrators, so two demotions cannot both see "another admin left". */
  async lockActiveAdminIds(manager: EntityManager): Promise<string[]> {
    const rows = await manager
      .getRepository(User)
      .createQueryBuilder('user')
      .select('user.id', 'id')
      .setLock('pessimistic_write')
      .where("user.role = 'admin' AND user.status = 'active'")
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  countAll(manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.getRepository(User).count();
  }

  countActiveAdmins(manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.getRepository(User).countBy({ role: 'admin', status: 'active' });
  }

  /**
   * Counts a failure and, at the threshold, starts a lockout twice as long as the previous one
   * (capped) — in one statement, so concurrent failures cannot both slip under the threshold.
   */
  async recordFailedLogin(
    id: string,
    now: Date,
    policy: LockoutPolicy,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FailedLoginOutcome> {
    // An UPDATE through TypeORM answers [rows, affected count].
    const [rows] = await manager.query<
      [{ locked_until: Date | null; lockout_level: number }[], number]
    >(
      `UPDATE users SET
         failed_login_count = CASE WHEN failed_login_count + 1 >= $3 THEN 0 ELSE failed_login_count + 1 END,
         lockout_level = CASE WHEN failed_login_count + 1 >= $3 THEN lockout_level + 1 ELSE lockout_level END,
         locked_until = CASE WHEN failed_login_count + 1 >= $3
           THEN $2::timestamptz + make_interval(secs => least($4::float8 * power(2, lockout_level), $5::float8))
           ELSE locked_until END
       WHERE id = $1
       RETURNING CASE WHEN failed_login_count = 0 THEN locked_until END AS locked_until, lockout_level`,
      [id, now, policy.threshold, policy.baseSeconds, policy.maxSeconds],
    );
    const row = rows[0];
    return { lockedUntil: row?.locked_until ?? null, lockoutLevel: row?.lockout_level ?? 0 };
  }

  async clearFailedLogins(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager
      .getRepository(User)
      .update({ id }, { failedLoginCount: 0, lockoutLevel: 0, lockedUntil: null });
  }

  async update(
    id: string,
    changes: Partial<
      Pick<
        User,
        'displayName' | 'passwordHash' | 'role' | 'status' | 'emailVerifiedAt' | 'baseCurrency'
      >
    >,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.getRepository(User).update({ id }, changes);
  }

  async delete(id: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(User).delete({ id });
  }

  /** Newest first. */
  search(filter: UserSearch): Promise<User[]> {
    const builder = this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .orderBy('user.createdAt', 'DESC')
      .addOrderBy('user.id', 'DESC')
      .limit(filter.limit + 1);
    if (filter.text) {
      const pattern = `%${filter.text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
      builder.andWhere(
        new Brackets((where) =>
          where
            .where('user.email ILIKE :pattern', { pattern })
            .orWhere('user.displayName ILIKE :pattern', { pattern }),
        ),
      );
    }
    if (filter.role) builder.andWhere('user.role = :role', { role: filter.role });
    if (filter.status) builder.andWhere('user.status = :status', { status: filter.status });
    if (filter.cursor) {
      const { createdAt, id } = decodeCreatedAtCursor(filter.cursor);
      builder.andWhere('(user.createdAt, user.id) < (:createdAt, :id)', { createdAt, id });
    }
    return builder.getMany();
  }
}
