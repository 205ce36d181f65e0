import { CliCommandDefinition } from 'src/platform/cli/cli-command';
import { CreateAdminCommand } from 'src/modules/auth/cli/create-admin.command';
import { UsersCoreModule } from 'src/modules/auth/users/users-core.module';

export const AUTH_COMMANDS: readonly CliCommandDefinition[] = [
  {
    name: 'users:create-admin',
    description:
      'Create an administrator (or promote an existing account); the password is read from stdin',
    usage: '--email <address>',
    imports: [UsersCoreModule],
    command: CreateAdminCommand,
  },
];
