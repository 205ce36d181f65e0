import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { AppConfig } from 'src/config/app-config';
import { ConcurrencyLimit } from 'src/platform/crypto/concurrency-limit';
import { randomToken } from 'src/platform/crypto/secret-tokens';

/**
 * argon2id with the configured parameters. The work runs on libuv's thread pool, off the event
 * loop, and at most ARGON2_MAX_CONCURRENCY hashes run at once (by default one fewer than the
 * cores): a flood of logins queues up instead of taking every core from the requests beside it.
 */
@Injectable()
export class PasswordHasher {
  private readonly options: argon2.HashOptions & { raw?: false };
  private readonly limit: ConcurrencyLimit;
  private dummyHash: Promise<string> | undefined;

  constructor(config: AppConfig) {
    this.options = { type: argon2.argon2id, ...config.auth.argon2 };
    this.limit = new ConcurrencyLimit(config.auth.argon2MaxConcurrency);
  }

  hash(password: string): Promise<string> {
    return this.limit.run(() => argon2.hash(password, this.options));
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await this.limit.run(() => argon2.verify(hash, password));
    } catch {
      // A malformed stored hash (e.g. an anonymised account) never matches.
      return false;
    }
  }

  /** True when the hash was made with other parameters than today's configuration. */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, this.options);
  }

  /**
   * The same work as a real verification against a hash that matches nothing, so that a login
   * for an unknown or locked account takes as long as one for a known account.
   */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash(randomToken());
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
