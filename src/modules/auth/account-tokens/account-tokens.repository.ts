import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import {
  AccountToken,
  AccountTokenPurpose,
} from 'src/modules/auth/account-tokens/entities/account-token.entity';

@Injectable()
export class AccountTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    token: Pick<AccountToken, 'userId' | 'purpose' | 'tokenHash' | 'expiresAt'>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.getRepository(AccountToken).insert(token);
  }

  /** Earlier unused tokens of the same purpose stop working when a new one is sent. */
  async retireUnused(
    userId: string,
    purpose: AccountTokenPurpose,
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager
      .getRepository(AccountToken)
      .update({ userId, purpose, usedAt: IsNull() }, { usedAt: now });
  }

  /** Locked, so that one token cannot be consumed twice by concurrent requests. */
  lockByHash(
    tokenHash: string,
    purpose: AccountTokenPurpose,
    manager: EntityManager,
  ): Promise<AccountToken | null> {
    return manager
      .getRepository(AccountToken)
      .createQueryBuilder('token')
      .setLock('pessimistic_write')
      .where('token.tokenHash = :tokenHash AND token.purpose = :purpose', { tokenHash, purpose })
      .getOne();
  }

  async markUsed(id: string, now: Date, manager: EntityManager): Promise<void> {
    await manager.getRepository(AccountToken).update({ id }, { usedAt: now });
  }
}
