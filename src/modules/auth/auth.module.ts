import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AuditModule } from 'src/modules/audit/audit.module';
import { AccountTokensRepository } from 'src/modules/auth/account-tokens/account-tokens.repository';
import { AccountTokensService } from 'src/modules/auth/account-tokens/account-tokens.service';
import { AccountService } from 'src/modules/auth/account.service';
import { AdminUsersController } from 'src/modules/auth/admin/admin-users.controller';
import { AdminUsersService } from 'src/modules/auth/admin/admin-users.service';
import { ApiKeysController } from 'src/modules/auth/api-keys/api-keys.controller';
import { ApiKeysRepository } from 'src/modules/auth/api-keys/api-keys.repository';
import { ApiKeysService } from 'src/modules/auth/api-keys/api-keys.service';
import { ScopeCatalogue } from 'src/modules/auth/api-keys/scope-catalogue';
import { AuthController } from 'src/modules/auth/auth.controller';
import { AuthMailer } from 'src/modules/auth/auth.mailer';
import { AuthMetrics } from 'src/modules/auth/auth.metrics';
import { AuthService } from 'src/modules/auth/auth.service';
import { AuthCookies } from 'src/modules/auth/cookies/auth-cookies';
import { RefreshCookieGuard } from 'src/modules/auth/cookies/refresh-cookie.guard';
import { AuthenticationGuard } from 'src/modules/auth/guards/authentication.guard';
import { MeController } from 'src/modules/auth/me.controller';
import { MySessionsService } from 'src/modules/auth/sessions/my-sessions.service';
import { SessionsRepository } from 'src/modules/auth/sessions/sessions.repository';
import { SessionsService } from 'src/modules/auth/sessions/sessions.service';
import { AccessTokens } from 'src/modules/auth/tokens/access-tokens';
import { InitialAdminService } from 'src/modules/auth/users/initial-admin.service';
import { UsersCoreModule } from 'src/modules/auth/users/users-core.module';
import { UsersRepository } from 'src/modules/auth/users/users.repository';

/**
 * Identity: accounts, credentials, sessions, API keys, and the global guard that makes every
 * route default-deny. Exports UsersCoreModule, that is UsersService: other modules read accounts
 * (and the base currency) through it only. The login, account and admin services here query
 * users through their own UsersRepository, which no module outside auth gets.
 */
@Module({
  imports: [DiscoveryModule, AuditModule, UsersCoreModule],
  controllers: [AuthController, MeController, ApiKeysController, AdminUsersController],
  providers: [
    UsersRepository,
    InitialAdminService,
    AccessTokens,
    SessionsRepository,
    SessionsService,
    MySessionsService,
    ApiKeysRepository,
    ApiKeysService,
    ScopeCatalogue,
    AccountTokensRepository,
    AccountTokensService,
    AuthService,
    AccountService,
    AdminUsersService,
    AuthMailer,
    AuthMetrics,
    AuthCookies,
    RefreshCookieGuard,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  exports: [UsersCoreModule],
})
export class AuthModule {}
