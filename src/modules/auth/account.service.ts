import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PasswordHasher } from 'src/platform/crypto/password-hasher';
import { AppException } from 'src/platform/errors/app.exception';
import { Principal } from 'src/platform/security/principal';
import { Clock } from 'src/platform/clock/clock';
import { SecurityActions } from 'src/modules/audit/audit-actions';
import { AuditService } from 'src/modules/audit/audit.service';
import { AccountTokensService } from 'src/modules/auth/account-tokens/account-tokens.service';
import { AuthMailer } from 'src/modules/auth/auth.mailer';
import { PasswordPolicy } from 'src/modules/auth/passwords/password-policy';
import { SessionsService } from 'src/modules/auth/sessions/sessions.service';
import { User } from 'src/modules/auth/users/entities/user.entity';
import { UsersRepository } from 'src/modules/auth/users/users.repository';

/** Password change and reset, email verification, account deletion. */
@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly accountTokens: AccountTokensService,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly mailer: AuthMailer,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Needs the current password; every other session of the user ends. */
  async changePassword(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const user = await this.requireUser(principal.userId);
    await this.assertPassword(user, currentPassword, 'currentPassword');
    this.policy.assertAcceptable(newPassword, user.email, 'newPassword');
    const passwordHash = await this.hasher.hash(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await this.users.update(user.id, { passwordHash }, manager);
      const ended = await this.sessions.revokeAll(
        user.id,
        'password_changed',
        manager,
        principal.sessionId,
      );
      await this.audit.record(manager, {
        action: SecurityActions.PasswordChanged,
        resourceType: 'user',
        resourceId: user.id,
        details: { otherSessionsEnded: ended },
      });
    });
    this.mailer.passwordChanged(user.email);
  }

  /** Always accepted; a link is mailed only when an active account has this email. */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || user.status !== 'active') return;
    const token = await this.dataSource.transaction(async (manager) => {
      const issued = await this.accountTokens.issue(manager, user.id, 'reset_password');
      await this.audit.record(manager, {
        action: SecurityActions.PasswordResetRequested,
        resourceType: 'user',
        resourceId: user.id,
        subjectUserId: user.id,
      });
      return issued;
    });
    this.mailer.passwordReset(user.email, token);
  }

  /** Sets the new password, ends every session and lifts a lockout. */
  async resetPassword(token: string, newPassword: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const userId = await this.accountTokens.consume(manager, token, 'reset_password');
      const user = await this.users.findById(userId, manager);
      if (!user || user.status !== 'active') {
        throw new AppException(
          'ACCOUNT_TOKEN_INVALID',
          'The link is invalid, already used or expired',
        );
      }
      this.policy.assertAcceptable(newPassword, user.email, 'newPassword');
      const passwordHash = await this.hasher.hash(newPassword);
      await this.users.update(user.id, { passwordHash }, manager);
      await this.users.clearFailedLogins(user.id, manager);
      const ended = await this.sessions.revokeAll(user.id, 'password_reset', manager);
      await this.audit.record(manager, {
        action: SecurityActions.PasswordResetCompleted,
        resourceType: 'user',
        resourceId: user.id,
        subjectUserId: user.id,
        actor: { type: 'user', id: user.id },
        details: { sessionsEnded: ended },
      });
    });
  }

  async verifyEmail(token: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const userId = await this.accountTokens.consume(manager, token, 'verify_email');
      await this.users.update(userId, { emailVerifiedAt: this.clock.now() }, manager);
      await this.audit.record(manager, {
        action: SecurityActions.EmailVerified,
        resourceType: 'user',
        resourceId: userId,
        subjectUserId: userId,
        actor: { type: 'user', id: userId },
      });
    });
  }

  async resendVerification(userId: string): Promise<void> {
    const user = await this.requireUser(userId);
    if (user.emailVerifiedAt) return;
    const token = await this.dataSource.transaction((manager) =>
      this.accountTokens.issue(manager, user.id, 'verify_email'),
    );
    this.mailer.emailVerification(user.email, token);
  }

  /** Removes the account and, through the schema's cascades, everything it owns. */
  async deleteAccount(principal: Principal, password: string): Promise<void> {
    const user = await this.requireUser(principal.userId);
    await this.assertPassword(user, password, 'password');
    await this.dataSource.transaction(async (manager) => {
      await this.users.delete(user.id, manager);
      await this.audit.record(manager, {
        action: SecurityActions.AccountDeleted,
        resourceType: 'user',
        resourceId: user.id,
        // The account is gone: nobody is left to show it to, and no personal detail is kept.
        subjectUserId: null,
      });
    });
  }

  private async requireUser(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppException('NOT_FOUND', 'No such user');
    return user;
  }

  private async assertPassword(user: User, password: string, field: string): Promise<void> {
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      throw new AppException('VALIDATION_FAILED', 'The password is not correct', {
        errors: [{ field, messages: [`${field} is not correct`] }],
      });
    }
  }
}
