import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashToken, randomToken } from 'src/platform/crypto/secret-tokens';
import { AppException } from 'src/platform/errors/app.exception';
import { Page, toPage } from 'src/platform/pagination/page';
import { Principal } from 'src/platform/security/principal';
import { Clock } from 'src/platform/clock/clock';
import { describeError } from 'src/platform/logging/safe-error';
import { SecurityActions } from 'src/modules/audit/audit-actions';
import { AuditService } from 'src/modules/audit/audit.service';
import { ApiKeysRepository } from 'src/modules/auth/api-keys/api-keys.repository';
import {
  ApiKeyDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
} from 'src/modules/auth/api-keys/dto/api-key.dto';
import { ApiKey } from 'src/modules/auth/api-keys/entities/api-key.entity';
import { ScopeCatalogue } from 'src/modules/auth/api-keys/scope-catalogue';

export const API_KEY_PREFIX = 'llk_';
const VISIBLE_PREFIX_LENGTH = 12;
const LAST_USED_FLUSH_MS = 60_000;

@Injectable()
export class ApiKeysService implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('ApiKeys');
  /** Last use per key since the last flush: a key used 1,000 times a minute costs one write. */
  private usage = new Map<string, Date>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: ApiKeysRepository,
    private readonly catalogue: ScopeCatalogue,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.flushTimer = setInterval(() => void this.flushUsage(), LAST_USED_FLUSH_MS);
    this.flushTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.flushTimer);
  }

  /** Runs before the pool closes, so the last minute of usage is not lost at shutdown. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flushUsage();
  }

  scopes(): string[] {
    return this.catalogue.all();
  }

  async create(userId: string, input: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const unknown = input.scopes.filter((scope) => !this.catalogue.has(scope));
    if (unknown.length > 0) {
      throw new AppException('VALIDATION_FAILED', 'Unknown scopes', {
        errors: [
          {
            field: 'scopes',
            messages: unknown.map((scope) => `${scope} is not a scope of this API`),
          },
        ],
      });
    }
    if (input.expiresAt && input.expiresAt <= this.clock.now()) {
      throw new AppException('VALIDATION_FAILED', 'The expiry must be in the future', {
        errors: [{ field: 'expiresAt', messages: ['expiresAt must be in the future'] }],
      });
    }
    const key = `${API_KEY_PREFIX}${randomToken()}`;
    const created = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.keys.insert(
        {
          userId,
          name: input.name,
          prefix: key.slice(0, VISIBLE_PREFIX_LENGTH),
          secretHash: hashToken(key),
          scopes: input.scopes,
          expiresAt: input.expiresAt ?? null,
        },
        manager,
      );
      await this.audit.record(manager, {
        action: SecurityActions.ApiKeyCreated,
        resourceType: 'api_key',
        resourceId: inserted.id,
        details: { name: inserted.name, prefix: inserted.prefix, scopes: inserted.scopes },
      });
      return inserted;
    });
    return { ...toApiKeyDto(created), key };
  }

  async list(userId: string, limit: number, cursor?: string): Promise<Page<ApiKeyDto>> {
    const rows = await this.keys.listOwned(userId, limit, cursor);
    return toPage(rows, limit, (key) => [key.createdAt.toISOString(), key.id], toApiKeyDto);
  }

  /** Idempotent for the owner's own keys; someone else's key is a 404 like a missing one. */
  async revoke(userId: string, id: string): Promise<void> {
    const revoked = await this.dataSource.transaction(async (manager) => {
      const key = await this.keys.revokeOwned(userId, id, this.clock.now(), manager);
      if (key) {
        await this.audit.record(manager, {
          action: SecurityActions.ApiKeyRevoked,
          resourceType: 'api_key',
          resourceId: key.id,
          details: { name: key.name },
        });
      }
      return key;
    });
    if (!revoked && !(await this.keys.existsOwned(userId, id))) {
      throw new AppException('NOT_FOUND', 'No such API key');
    }
  }

  /** The principal a presented key stands for, if it is live. */
  async authenticate(key: string): Promise<Principal | undefined> {
    if (!key.startsWith(API_KEY_PREFIX)) return undefined;
    const now = this.clock.now();
    const identity = await this.keys.findLiveByHash(hashToken(key), now);
    if (!identity) return undefined;
    this.usage.set(identity.id, now);
    return {
      kind: 'apiKey',
      userId: identity.userId,
      role: identity.role,
      apiKeyId: identity.id,
      scopes: identity.scopes,
    };
  }

  async flushUsage(): Promise<void> {
    if (this.usage.size === 0) return;
    const batch = this.usage;
    this.usage = new Map();
    try {
      await this.keys.recordLastUsed(batch);
    } catch (error) {
      this.logger.warn(`Could not record API key usage: ${describeError(error).message}`);
    }
  }
}

export function toApiKeyDto(key: ApiKey): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
  };
}
