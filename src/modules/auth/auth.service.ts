import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { PasswordHasher } from 'src/platform/crypto/password-hasher';
import { AppException } from 'src/platform/errors/app.exception';
import { ClientInfo } from 'src/platform/http/client-info';
import { Principal } from 'src/platform/security/principal';
import { Clock } from 'src/platform/clock/clock';
import { SecurityActions } from 'src/modules/audit/audit-actions';
import { AuditService } from 'src/modules/audit/audit.service';
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

type LoginFailure = 'unknown_account' | 'deactivated' | 'locked' | 'wrong_password';

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
    private readonly audit: AuditService,
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
      const token = await this.accountTokens.issue(manager, user.id, 'verify_email');
      await this.audit.record(manager, {
        action: SecurityActions.AccountRegistered,
        resourceType: 'user',
        resourceId: user.id,
        subjectUserId: user.id,
        actor: { type: 'user', id: user.id },
      });
      return { user, token };
    });
    if (created) this.mailer.emailVerification(created.user.email, created.token);
    else this.mailer.registrationAttempt(input.email.toLowerCase());
  }

  /**
   * One generic failure for an unknown email, a wrong password, a locked or a deactivated
   * account — each after a full password verification and with one audit write, so neither
   * the answer nor its timing tells them apart.
   */
  async login(
    email: string,
    password: string,
    delivery: TokenDelivery,
    client: ClientInfo,
  ): Promise<IssuedTokens> {
    const user = await this.users.findByEmail(email);
    const now = this.clock.now();
    const refusal = this.refusal(user, now);
    const valid = refusal
      ? await this.hasher.verifyNothing(password)
      : await this.hasher.verify(user!.passwordHash, password);
    if (refusal || !valid) {
      await this.recordFailure(user, refusal ?? 'wrong_password', now);
      this.metrics.logins.inc({ outcome: 'failure' });
      throw new AppException('AUTH_INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    }
    const account = user!;
    const rehash = this.hasher.needsRehash(account.passwordHash)
      ? await this.hasher.hash(password)
      : undefined;
    const tokens = await this.dataSource.transaction(async (manager) => {
      if (account.failedLoginCount > 0 || account.lockoutLevel > 0) {
        await this.users.clearFailedLogins(account.id, manager);
      }
      if (rehash) await this.users.update(account.id, { passwordHash: rehash }, manager);
      const issued = await this.sessions.start(manager, account.id, delivery, client);
      await this.audit.record(manager, {
        action: SecurityActions.LoginSucceeded,
        resourceType: 'session',
        resourceId: issued.sessionId,
        subjectUserId: account.id,
        actor: { type: 'user', id: account.id },
        details: { delivery, rehashed: Boolean(rehash) },
      });
      return issued;
    });
    this.metrics.logins.inc({ outcome: 'success' });
    return tokens;
  }

  refresh(refreshToken: string): Promise<IssuedTokens> {
    return this.sessions.rotate(refreshToken);
  }

  async logout(principal: Principal): Promise<void> {
    const sessionId = principal.sessionId;
    if (!sessionId) return;
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revoke(principal.userId, sessionId, 'logout', manager);
      await this.audit.record(manager, {
        action: SecurityActions.Logout,
        resourceType: 'session',
        resourceId: sessionId,
      });
    });
  }

  private refusal(user: User | null, now: Date): LoginFailure | undefined {
    if (!user) return 'unknown_account';
    if (user.status !== 'active') return 'deactivated';
    if (user.lockedUntil && user.lockedUntil > now) return 'locked';
    return undefined;
  }

  /** Counts the failure against the account (which may lock it) and records it, together. */
  private async recordFailure(user: User | null, reason: LoginFailure, now: Date): Promise<void> {
    const locked = await this.dataSource.transaction(async (manager) => {
      const outcome =
        user && reason === 'wrong_password'
          ? await this.users.recordFailedLogin(user.id, now, this.config.auth.lockout, manager)
          : undefined;
      await this.audit.record(manager, {
        action: SecurityActions.LoginFailed,
        resourceType: 'user',
        resourceId: user?.id ?? null,
        outcome: 'failure',
        subjectUserId: user?.id ?? null,
        details: { reason },
      });
      if (outcome?.lockedUntil) {
        await this.audit.record(manager, {
          action: SecurityActions.AccountLockedOut,
          resourceType: 'user',
          resourceId: user!.id,
          outcome: 'denied',
          subjectUserId: user!.id,
          details: { lockedUntil: outcome.lockedUntil.toISOString(), level: outcome.lockoutLevel },
        });
      }
      return Boolean(outcome?.lockedUntil);
    });
    if (locked) this.metrics.lockouts.inc();
  }
}
