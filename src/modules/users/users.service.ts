import { Injectable } from '@nestjs/common';
import { PasswordHasher } from 'src/platform/crypto/password-hasher';
import { UserRole } from 'src/modules/users/entities/user.entity';
import { UsersRepository } from 'src/modules/users/users.repository';

export interface CreateUserInput {
  email: string;
  password: string;
  displayName: string;
  role?: UserRole;
  isDemo?: boolean;
}

export interface UserSummary {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async create(input: CreateUserInput): Promise<UserSummary> {
    const user = await this.users.insert({
      email: input.email,
      displayName: input.displayName,
      passwordHash: await this.hasher.hash(input.password),
      role: input.role ?? 'user',
      isDemo: input.isDemo ?? false,
    });
    return { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
  }

  async hasAnyUser(): Promise<boolean> {
    return (await this.users.countAll()) > 0;
  }
}
