import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobsService } from 'src/platform/jobs/jobs.service';
import {
  BaseAmountsService,
  FillResult,
} from 'src/modules/expenses/base-amounts/base-amounts.service';
import { CurrenciesService } from 'src/modules/currencies/currencies.service';
import { FxImportResult } from 'src/modules/currencies/currencies.types';

export const FX_REFRESH_QUEUE = 'expenses.fx-refresh';

/**
 * The ECB publishes its reference rates around 16:00 CET on working days. The refresh runs at
 * 16:30 Frankfurt time and again at 18:00 for a late publication (storing is idempotent, so the
 * second run of a normal day writes nothing); a failed run is retried with backoff and only
 * logged. On an installation without any rate it first imports the whole history.
 */
@Injectable()
export class FxRefreshJob implements OnModuleInit {
  private readonly logger = new Logger('FxRefresh');

  constructor(
    private readonly jobs: JobsService,
    private readonly fx: CurrenciesService,
    private readonly baseAmounts: BaseAmountsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(FX_REFRESH_QUEUE, () => this.run().then(() => undefined), {
      retryLimit: 5,
      retryDelaySeconds: 300,
      retryBackoff: true,
      expireInSeconds: 900,
    });
    const timezone = 'Europe/Berlin';
    this.jobs.schedule(FX_REFRESH_QUEUE, '30 16 * * 1-5', undefined, { timezone });
    this.jobs.schedule(FX_REFRESH_QUEUE, '0 18 * * 1-5', undefined, { key: 'late', timezone });
  }

  async run(): Promise<{ history?: FxImportResult; latest: FxImportResult; filled: FillResult }> {
    const history = (await this.fx.hasRates()) ? undefined : await this.fx.importHistory();
    const latest = await this.fx.refreshLatest();
    const filled = await this.baseAmounts.fillMissingBaseAmounts();
    this.logger.log({ msg: 'FX refresh done', inserted: latest.inserted, filled: filled.filled });
    return { history, latest, filled };
  }
}
