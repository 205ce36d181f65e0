import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { PasswordHasher } from 'src/platform/crypto/password-hasher';
import { AppException } from 'src/platform/errors/app.exception';
import { ClientInfo } from 'src/platform/http/client-info';
import { Principal } from 'src/platform/security/principal';
import { Clock } from 'src/platform/clock/clock';
import { AccountTokensService } from 'src/modules/auth/account-tokens/account-tokens.service';
import { AuthMailer } from 'src/modules/auth/auth.mailer';
import { AuthMetrics } from 'src/modules/auth/auth.metrics';
import { PasswordPolicy } from 'src/modules/auth/passwords/password-policy';
import { TokenDelivery } from 'src/modules/auth/sessions/entities/session.entity';
import { IssuedTokens, SessionsService } from 'src/modules/auth/sessions/sessions.service';
import { User } from 'src/modules/auth/users/entities/user.entity';
import { UsersRepository } from 'src/modules/auth/users/users.repository';

export interface Registration {
  email: string;
  password: string;
  displayName: string;
}

const INVALID_CREDENTIALS = 'The email or password is incorrect';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly accountTokens: AccountTokensService,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly mailer: AuthMailer,
    private readonly metrics: AuthMetrics,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The same answer, in about the same time, whether or not the email is registered: the
   * password is hashed either way, and the mail (a verification link, or a note to the
   * existing owner) is sent after the response.
   */
  async register(input: Registration): Promise<void> {
    this.policy.assertAcceptable(input.password, input.email);
    const passwordHash = await this.hasher.hash(input.password);
    const created = await this.dataSource.transaction(async (manager) => {
      const user = await this.users.insertIfEmailFree(
        {
          email: input.email,
          displayName: input.displayName,
          passwordHash,
          role: 'user',
          isDemo: false,
        },
        manager,
      );
      if (!user) return undefined;
      return { user, token: await this.accountTokens.issue(manager, user.id, 'verify_email') };
    });
    if (created) this.mailer.emailVerification(created.user.email, created.token);
    else this.mailer.registrationAttempt(input.email.toLowerCase());
  }

  /**
   * One generic failure for an unknown email, a wrong password, a locked or a deactivated
   * account — each after a full password verification, so neither the answer nor its timing
   * tells them apart.
   */
  async login(
    email: string,
    password: string,
    delivery: TokenDelivery,
    client: ClientInfo,
  ): Promise<IssuedTokens> {
    const user = await this.users.findByEmail(email);
    const now = this.clock.now();
    const usable =
      user && user.status === 'active' && !(user.lockedUntil && user.lockedUntil > now);
    const valid = usable
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyNothing(password);
    if (!user || !usable || !valid) {
      if (user && usable) await this.recordFailure(user, now);
      this.metrics.logins.inc({ outcome: 'failure' });
      throw new AppException('AUTH_INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    }
    const rehash = this.hasher.needsRehash(user.passwordHash)
      ? await this.hasher.hash(password)
      : undefined;
    const tokens = await this.dataSource.transaction(async (manager) => {
      if (user.failedLoginCount > 0 || user.lockoutLevel > 0)
        await this.users.clearFailedLogins(user.id, manager);
      if (rehash) await this.users.update(user.id, { passwordHash: rehash }, manager);
      return this.sessions.start(manager, user.id, delivery, client);
    });
    this.metrics.logins.inc({ outcome: 'success' });
    return tokens;
  }

  refresh(refreshToken: string): Promise<IssuedTokens> {
    return this.sessions.rotate(refreshToken);
  }

  async logout(principal: Principal): Promise<void> {
    if (!principal.sessionId) return;
    const sessionId = principal.sessionId;
    await this.dataSource.transaction((manager) =>
      this.sessions.revoke(principal.userId, sessionId, 'logout', manager),
    );
  }

  private async recordFailure(user: User, now: Date): Promise<void> {
    const outcome = await this.users.recordFailedLogin(user.id, now, this.config.auth.lockout);
    if (outcome.lockedUntil) this.metrics.lockouts.inc();
  }
}
