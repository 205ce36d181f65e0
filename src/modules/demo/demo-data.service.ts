import { randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { UsersService } from 'src/modules/auth/users/users.service';

/**
 * On an empty database outside production, creates a clearly labelled demo account so a
 * newcomer can look around. Later modules add their own sample data for this account.
 */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo.enabled || this.config.isProduction) return;
    if (await this.users.hasAnyUser()) return;
    const password = this.config.demo.password ?? randomBytes(12).toString('base64url');
    await this.users.create({
      email: this.config.demo.email,
      password,
      displayName: 'Demo account (sample data)',
      isDemo: true,
      emailVerifiedAt: new Date(),
    });
    const shown = this.config.demo.password ? '(the DEMO_PASSWORD you set)' : password;
    // Printed once, at creation: the password is not stored anywhere readable.
    this.logger.warn(`Demo account created: ${this.config.demo.email} / ${shown}`);
  }
}
