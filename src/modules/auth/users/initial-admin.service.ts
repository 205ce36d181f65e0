import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { UsersService } from 'src/modules/auth/users/users.service';

/**
 * ADMIN_EMAIL/ADMIN_PASSWORD make the first administrator at start-up, once: when an active
 * administrator exists they are ignored. There are no default credentials.
 */
@Injectable()
export class InitialAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('InitialAdmin');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.initialAdmin;
    if (!admin || (await this.users.hasActiveAdmin())) return;
    const outcome = await this.users.ensureAdmin(admin.email, admin.password, 'ADMIN_PASSWORD');
    // The address is the operator's to know (they set it); the log names the variable only.
    this.logger.warn(`Administrator ${outcome} (the account of ADMIN_EMAIL)`);
  }
}
