import { AUDIT_COMMANDS } from 'src/modules/audit/cli/audit.commands';
import { AUTH_COMMANDS } from 'src/modules/auth/cli/auth.commands';
import { FX_COMMANDS } from 'src/modules/expenses/base-amounts/cli/fx.commands';
import { CliCommandDefinition } from 'src/platform/cli/cli-command';

/** Every command of `npm run cli`; a module adds its own list here. */
export const CLI_COMMANDS: readonly CliCommandDefinition[] = [
  ...AUDIT_COMMANDS,
  ...AUTH_COMMANDS,
  ...FX_COMMANDS,
];
