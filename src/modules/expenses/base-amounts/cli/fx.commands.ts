import { CliCommandDefinition } from 'src/platform/cli/cli-command';
import { CurrenciesModule } from 'src/modules/currencies/currencies.module';
import { BaseAmountsModule } from 'src/modules/expenses/base-amounts/base-amounts.module';
import { FxImportCommand } from 'src/modules/expenses/base-amounts/cli/fx-import.command';

export const FX_COMMANDS: readonly CliCommandDefinition[] = [
  {
    name: 'fx:import',
    description:
      'Store the exchange rates of an ECB history file (eurofxref-hist.zip or its CSV), for an ' +
      'installation without internet access, and convert the expenses that waited for them',
    usage: 'FILE [--json]',
    imports: [CurrenciesModule, BaseAmountsModule],
    command: FxImportCommand,
  },
];
