import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { decodeCreatedAtCursor } from 'src/platform/pagination/cursor';
import { Role } from 'src/platform/security/principal';
import { ApiKey } from 'src/modules/auth/api-keys/entities/api-key.entity';

export type NewApiKey = Pick<
  ApiKey,
  'userId' | 'name' | 'prefix' | 'secretHash' | 'scopes' | 'expiresAt'
>;

export interface ApiKeyIdentity {
  id: string;
  userId: string;
  role: Role;
  scopes: string[];
}

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  insert(key: NewApiKey, manager: EntityManager = this.dataSource.manager): Promise<ApiKey> {
    const repository = manager.getRepository(ApiKey);
    return repository.save(repository.create(key));
  }

  /** The hot path of key-authenticated requests: a live key of an active user, by its hash. */
  async findLiveByHash(secretHash: string, now: Date): Promise<ApiKeyIdentity | undefined> {
    const rows = await this.dataSource.query<ApiKeyIdentity[]>(
      `SELECT k.id, k.user_id AS "userId", u.role, k.scopes FROM api_keys k JOIN users u ON u.id = k.user_id
        WHERE k.secret_hash = $1 AND k.revoked_at IS NULL
          AND (k.expires_at IS NULL OR k.expires_at > $2) AND u.status = 'active'`,
      [secretHash, now],
    );
    return rows[0];
  }

  /** The user's keys, revoked ones included (so a list explains why a key stopped working). */
  listOwned(userId: string, limit: number, cursor?: string): Promise<ApiKey[]> {
    const builder = this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('key')
      .where('key.userId = :userId', { userId })
      .orderBy('key.createdAt', 'DESC')
      .addOrderBy('key.id', 'DESC')
      .limit(limit + 1);
    if (cursor) {
      const { createdAt, id } = decodeCreatedAtCursor(cursor);
      builder.andWhere('(key.createdAt, key.id) < (:createdAt, :id)', { createdAt, id });
    }
    return builder.getMany();
  }

  /** Revokes a live key of the user; undefined when there is no such live key. */
  async revokeOwned(
    userId: string,
    id: string,
    now: Date,
    manager: EntityManager,
  ): Promise<{ id: string; name: string } | undefined> {
    const result = await manager
      .createQueryBuilder()
      .update(ApiKey)
      .set({ revokedAt: now })
      .where({ id, userId, revokedAt: IsNull() })
      .returning(['id', 'name'])
      .execute();
    return (result.raw as { id: string; name: string }[])[0];
  }

  existsOwned(userId: string, id: string): Promise<boolean> {
    return this.dataSource.getRepository(ApiKey).existsBy({ id, userId });
  }

  /** One statement for all keys used since the last flush. */
  async recordLastUsed(usage: ReadonlyMap<string, Date>): Promise<void> {
    if (usage.size === 0) return;
    const ids = [...usage.keys()];
    const times = ids.map((id) => usage.get(id)!.toISOString());
    await this.dataSource.query(
      `UPDATE api_keys k SET last_used_at = u.used_at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, used_at)
        WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.used_at)`,
      [ids, times],
    );
  }
}
