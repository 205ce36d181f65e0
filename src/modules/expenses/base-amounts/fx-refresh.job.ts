import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { redactUrlPassword } from 'src/config/env-transforms';
import { JobsService } from 'src/platform/jobs/jobs.service';
import { describeError } from 'src/platform/logging/safe-error';
import {
  BaseAmountsService,
  FillResult,
} from 'src/modules/expenses/base-amounts/base-amounts.service';
import { CurrenciesService } from 'src/modules/currencies/currencies.service';
import { FxImportResult } from 'src/modules/currencies/currencies.types';

export const FX_REFRESH_QUEUE = 'expenses.fx-refresh';
export const FX_HISTORY_QUEUE = 'expenses.fx-history-import';
/** With the queue's `exclusive` policy: one first import queued or running in the cluster. */
const FIRST_IMPORT_KEY = 'first-start';

export type FirstImportOutcome =
  | { outcome: 'not-needed' }
  | { outcome: 'imported'; history: FxImportResult; filled: FillResult }
  | { outcome: 'failed'; reason: string };

/**
 * The ECB publishes its reference rates around 16:00 CET on working days. The refresh runs at
 * 16:30 Frankfurt time and again at 18:00 for a late publication (storing is idempotent, so the
 * second run of a normal day writes nothing); a failed run is retried with backoff and only
 * logged. On an installation without any rate it first imports the whole history.
 *
 * A new installation should not wait for the first working-day 16:30 to have rates: an instance
 * running workers that finds the history missing at start (none stored, or only a few months such
 * as the demo's) queues one import of it at once, without delaying start-up or readiness on
 * the internet. Offline, that import fails with one warning saying how to import a file, and
 * the schedule above tries the internet again.
 */
@Injectable()
export class FxRefreshJob implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('FxRefresh');

  constructor(
    private readonly jobs: JobsService,
    private readonly fx: CurrenciesService,
    private readonly baseAmounts: BaseAmountsService,
    private readonly config: AppConfig,
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
    // Never retried: its failure is reported once, and the schedule is the retry.
    this.jobs.register(FX_HISTORY_QUEUE, () => this.importFirstHistory().then(() => undefined), {
      policy: 'exclusive',
      retryLimit: 0,
      expireInSeconds: 900,
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.jobs.workers) return;
    // In the background: start-up waits neither for the check nor for the queue.
    void this.queueFirstImport().catch((error: unknown) => {
      this.logger.warn(
        `Could not queue the first FX history import: ${describeError(error).message}`,
      );
    });
  }

  /** Queues the history import when the stored rates lack it; the job id, or null. */
  async queueFirstImport(): Promise<string | null> {
    if (await this.fx.hasFullHistory()) return null;
    return this.jobs.send(FX_HISTORY_QUEUE, {}, { singletonKey: FIRST_IMPORT_KEY });
  }

  async run(): Promise<{ history?: FxImportResult; latest: FxImportResult; filled: FillResult }> {
    const history = (await this.fx.hasRates()) ? undefined : await this.fx.importHistory();
    const latest = await this.fx.refreshLatest();
    const filled = await this.baseAmounts.fillMissingBaseAmounts();
    this.logger.log({ msg: 'FX refresh done', inserted: latest.inserted, filled: filled.filled });
    return { history, latest, filled };
  }

  /**
   * The first-start import: the whole history, then the base amounts that waited for it. Checks
   * again first, as another instance or the CLI may have imported it since it was queued.
   */
  async importFirstHistory(): Promise<FirstImportOutcome> {
    if (await this.fx.hasFullHistory()) return { outcome: 'not-needed' };
    let history: FxImportResult;
    try {
      history = await this.fx.importHistory();
    } catch (error) {
      const reason = describeError(error).message;
      const stored = (await this.fx.hasRates()) ? 'only part of it is stored' : 'no rate is stored';
      this.logger.warn(
        `No exchange-rate history yet (${stored}): the ECB history could not be fetched from ` +
          `${redactUrlPassword(this.config.fx.ecbHistoryUrl)} (${reason}). Expenses in other ` +
          'currencies wait for a base amount until rates exist. On an installation without ' +
          'internet access, download eurofxref-hist.zip from ' +
          'https://www.ecb.europa.eu/stats/eurofxref/ elsewhere and run ' +
          '`npm run cli -- fx:import FILE`; otherwise the daily refresh (16:30 Frankfurt time ' +
          'on working days) tries again.',
      );
      return { outcome: 'failed', reason };
    }
    const filled = await this.baseAmounts.fillMissingBaseAmounts();
    this.logger.log({
      msg: 'FX history imported at first start',
      inserted: history.inserted,
      filled: filled.filled,
    });
    return { outcome: 'imported', history, filled };
  }
}
