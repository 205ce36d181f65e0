import { Module } from '@nestjs/common';
import { PasswordHasher } from 'src/platform/crypto/password-hasher';
import { UsersRepository } from 'src/modules/users/users.repository';
import { UsersService } from 'src/modules/users/users.service';

@Module({
  providers: [UsersRepository, UsersService, PasswordHasher],
  exports: [UsersService],
})
export class UsersModule {}
