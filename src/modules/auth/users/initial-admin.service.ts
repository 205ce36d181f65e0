import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { PasswordPolicy } from 'src/modules/auth/passwords/password-policy';
import { UsersRepository } from 'src/modules/auth/users/users.repository';
import { UsersService } from 'src/modules/auth/users/users.service';

/**
 * ADMIN_EMAIL/ADMIN_PASSWORD create the first administrator at start-up, once: when an active
 * administrator exists they are ignored. There are no default credentials.
 */
@Injectable()
export class InitialAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('InitialAdmin');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly repository: UsersRepository,
    private readonly policy: PasswordPolicy,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.initialAdmin;
    if (!admin || (await this.users.hasActiveAdmin())) return;
    const existing = await this.repository.findByEmail(admin.email);
    if (existing) {
      await this.repository.update(existing.id, { role: 'admin', status: 'active' });
      this.logger.warn(`Existing account ${admin.email} promoted to administrator (ADMIN_EMAIL)`);
      return;
    }
    this.policy.assertAcceptable(admin.password, admin.email, 'ADMIN_PASSWORD');
    await this.users.create({
      email: admin.email,
      password: admin.password,
      displayName: 'Administrator',
      role: 'admin',
      emailVerifiedAt: new Date(),
    });
    this.logger.warn(`Administrator ${admin.email} created (ADMIN_EMAIL)`);
  }
}
