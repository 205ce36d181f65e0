import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { User } from 'src/modules/users/entities/user.entity';

export type NewUser = Pick<User, 'email' | 'displayName' | 'passwordHash' | 'role' | 'isDemo'>;

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(user: NewUser, manager: EntityManager = this.dataSource.manager): Promise<User> {
    const repository = manager.getRepository(User);
    return repository.save(repository.create({ ...user, email: user.email.toLowerCase() }));
  }

  countAll(manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.getRepository(User).count();
  }
}
