import { Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { AppException } from 'src/platform/errors/app.exception';
import { JobsService } from 'src/platform/jobs/jobs.service';
import { BaseAmountsService } from 'src/modules/expenses/base-amounts/base-amounts.service';
import { FX_HISTORY_QUEUE, FxRefreshJob } from 'src/modules/expenses/base-amounts/fx-refresh.job';
import { CurrenciesService } from 'src/modules/currencies/currencies.service';
import { FxImportResult } from 'src/modules/currencies/currencies.types';
import { strictFake } from 'test/support/strict-fake';

const config = {
  jobs: { workers: true },
  fx: { ecbHistoryUrl: 'https://mirror:secret-pass@rates.internal/eurofxref-hist.zip' },
} as AppConfig;

const imported: FxImportResult = {
  source: 'ECB',
  received: 27,
  inserted: 27,
  updated: 0,
  unchanged: 0,
  firstDate: '2026-04-01',
  lastDate: '2026-04-13',
  days: 7,
  currencies: ['GBP', 'ISK', 'JPY', 'USD'],
};

function job(
  fx: Partial<CurrenciesService>,
  baseAmounts: Partial<BaseAmountsService> = {},
  jobs: Partial<JobsService> = {},
): FxRefreshJob {
  return new FxRefreshJob(
    strictFake<JobsService>(jobs, 'jobs'),
    strictFake<CurrenciesService>(fx, 'fx'),
    strictFake<BaseAmountsService>(baseAmounts, 'baseAmounts'),
    config,
  );
}

describe('FxRefreshJob: the first-start history import', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('queues nothing when the full history is stored', async () => {
    const fx = job({ hasFullHistory: () => Promise.resolve(true) });
    await expect(fx.queueFirstImport()).resolves.toBeNull();
  });

  it('queues one job for the cluster when it is missing', async () => {
    const send = jest.fn().mockResolvedValue('job-1');
    const fx = job({ hasFullHistory: () => Promise.resolve(false) }, {}, { send });
    await expect(fx.queueFirstImport()).resolves.toBe('job-1');
    expect(send).toHaveBeenCalledWith(FX_HISTORY_QUEUE, {}, { singletonKey: 'first-start' });
  });

  it('imports the history, then fills the base amounts that waited', async () => {
    const fill = jest.fn().mockResolvedValue({ filled: 3, stillMissing: 1, reworded: 1 });
    const fx = job(
      {
        hasFullHistory: () => Promise.resolve(false),
        importHistory: () => Promise.resolve(imported),
      },
      { fillMissingBaseAmounts: fill },
    );
    await expect(fx.importFirstHistory()).resolves.toEqual({
      outcome: 'imported',
      history: imported,
      filled: { filled: 3, stillMissing: 1, reworded: 1 },
    });
    expect(fill).toHaveBeenCalledTimes(1);
  });

  it('does nothing when another instance or the CLI imported it since it was queued', async () => {
    const fx = job({ hasFullHistory: () => Promise.resolve(true) });
    await expect(fx.importFirstHistory()).resolves.toEqual({ outcome: 'not-needed' });
  });

  it('offline: one warning saying how to import a file, and no failure for the queue to retry', async () => {
    const offline = new AppException(
      'UPSTREAM_INVALID_RESPONSE',
      'ECB rate history: the server could not be reached',
    );
    const fx = job({
      hasFullHistory: () => Promise.resolve(false),
      importHistory: () => Promise.reject(offline),
      hasRates: () => Promise.resolve(true),
    });
    await expect(fx.importFirstHistory()).resolves.toEqual({
      outcome: 'failed',
      reason: 'ECB rate history: the server could not be reached',
    });
    expect(warn).toHaveBeenCalledTimes(1);
    const [message] = warn.mock.calls[0] as [string];
    expect(message).toContain('No exchange-rate history yet (only part of it is stored)');
    expect(message).toContain('`npm run cli -- fx:import FILE`');
    expect(message).toContain('rates.internal');
    expect(message).not.toContain('secret-pass');
  });
});
