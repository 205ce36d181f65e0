import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { Injectable } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { CliCommand, CliOutput } from 'src/platform/cli/cli-command';
import { BaseAmountsService } from 'src/modules/expenses/base-amounts/base-amounts.service';
import { CurrenciesService } from 'src/modules/currencies/currencies.service';

/**
 * `fx:import FILE [--json]`: stores the rates of an ECB history file as the ECB publishes it
 * (`eurofxref-hist.zip`, or the `eurofxref-hist.csv` inside it), for an installation that cannot
 * reach the ECB, then gives a base amount to the expenses that waited for one. Running it
 * again inserts nothing.
 */
@Injectable()
export class FxImportCommand implements CliCommand {
  constructor(
    private readonly fx: CurrenciesService,
    private readonly baseAmounts: BaseAmountsService,
    private readonly config: AppConfig,
  ) {}

  async run(args: readonly string[], output: CliOutput): Promise<number> {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) {
      output.err('Usage: fx:import FILE [--json] (FILE: eurofxref-hist.zip or eurofxref-hist.csv)');
      return 1;
    }
    const [path] = positionals;
    const file = await this.read(path);
    const imported = await this.fx.importHistoryFile(file, basename(path));
    const filled = await this.baseAmounts.fillMissingBaseAmounts();
    if (values.json) {
      output.out(JSON.stringify({ ...imported, filled }));
      return 0;
    }
    output.out(
      [
        `Imported ${imported.source} rates from ${basename(path)}: ${imported.received} received, ` +
          `${imported.inserted} inserted, ${imported.updated} updated, ${imported.unchanged} unchanged`,
        `Dates: ${imported.firstDate} to ${imported.lastDate} (${imported.days} publication days)`,
        `Currencies (${imported.currencies.length}): ${imported.currencies.join(', ')}`,
        `Expenses waiting for a rate: ${filled.filled} converted, ${filled.stillMissing} still without one`,
      ].join('\n'),
    );
    return 0;
  }

  /** The whole file, refused beyond the size a download of it may have. */
  private async read(path: string): Promise<Uint8Array> {
    const limit = this.config.fx.maxDownloadBytes;
    const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
      throw new Error(`cannot open ${path} (${error.code ?? error.message})`);
    });
    try {
      const { size } = await handle.stat();
      if (size > limit) {
        throw new Error(`${path} is ${size} bytes, more than FX_MAX_DOWNLOAD_BYTES (${limit})`);
      }
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }
}
