import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { hashToken, randomToken } from 'src/platform/crypto/secret-tokens';
import { AppException } from 'src/platform/errors/app.exception';
import { Clock } from 'src/platform/clock/clock';
import { AccountTokensRepository } from 'src/modules/auth/account-tokens/account-tokens.repository';
import { AccountTokenPurpose } from 'src/modules/auth/account-tokens/entities/account-token.entity';

/** Single-use, expiring tokens sent by mail; stored as hashes, so a database leak reveals none. */
@Injectable()
export class AccountTokensService {
  constructor(
    private readonly tokens: AccountTokensRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A new token for the user, retiring any earlier unused one of the same purpose. */
  async issue(
    manager: EntityManager,
    userId: string,
    purpose: AccountTokenPurpose,
  ): Promise<string> {
    const now = this.clock.now();
    const token = randomToken();
    await this.tokens.retireUnused(userId, purpose, now, manager);
    await this.tokens.insert(
      {
        userId,
        purpose,
        tokenHash: hashToken(token),
        expiresAt: new Date(now.getTime() + this.ttlSeconds(purpose) * 1000),
      },
      manager,
    );
    return token;
  }

  /** Uses the token up and returns its user; one answer for unknown, used and expired tokens. */
  async consume(
    manager: EntityManager,
    token: string,
    purpose: AccountTokenPurpose,
  ): Promise<string> {
    const now = this.clock.now();
    const stored = await this.tokens.lockByHash(hashToken(token), purpose, manager);
    if (!stored || stored.usedAt || stored.expiresAt <= now) {
      throw new AppException(
        'ACCOUNT_TOKEN_INVALID',
        'The link is invalid, already used or expired',
      );
    }
    await this.tokens.markUsed(stored.id, now, manager);
    return stored.userId;
  }

  private ttlSeconds(purpose: AccountTokenPurpose): number {
    return purpose === 'verify_email'
      ? this.config.auth.emailVerificationTtlSeconds
      : this.config.auth.passwordResetTtlSeconds;
  }
}
