import { Module } from '@nestjs/common';
import { PasswordHasher } from 'src/platform/crypto/password-hasher';
import { EventsModule } from 'src/platform/events/events.module';
import { AuditModule } from 'src/modules/audit/audit.module';
import { PasswordPolicy } from 'src/modules/auth/passwords/password-policy';
import { UsersRepository } from 'src/modules/auth/users/users.repository';
import { UsersService } from 'src/modules/auth/users/users.service';

/**
 * Accounts as records, with nothing of HTTP, sessions or mail: what the auth module builds on
 * and what operator commands (`users:create-admin`) need on their own. Exports UsersService
 * (and the password hasher and policy auth shares with it), never UsersRepository: other modules
 * read accounts through the service, so the users table is queried only from auth.
 */
@Module({
  imports: [AuditModule, EventsModule],
  providers: [UsersRepository, UsersService, PasswordHasher, PasswordPolicy],
  exports: [UsersService, PasswordHasher, PasswordPolicy],
})
export class UsersCoreModule {}
