import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { AppException } from 'src/platform/errors/app.exception';
import { FxRatesRepository, StoredRate } from 'src/modules/currencies/fx-rates.repository';
import { CurrenciesService } from 'src/modules/currencies/currencies.service';
import { FxQuote, FxRateProvider } from 'src/modules/currencies/providers/fx-rate.provider';

/** A stand-in whose every method must be stubbed: an unexpected call fails the test. */
function strict<T extends object>(stubs: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(stubs, {
    get: (target, property) => {
      if (property in target) return target[property as keyof typeof target];
      // Probes by promises and by Jest's matchers are not uses.
      if (
        typeof property === 'symbol' ||
        ['then', 'asymmetricMatch', 'toJSON'].includes(property)
      ) {
        return undefined;
      }
      throw new Error(`unexpected use of ${String(property)}`);
    },
  }) as T;
}

const manager = strict<EntityManager>({});
const dataSource = strict<DataSource>({
  transaction: (work: (manager: EntityManager) => Promise<unknown>) => work(manager),
});
const config = { fx: { maxRateAgeDays: 3 } } as AppConfig;

class FakeProvider extends FxRateProvider {
  readonly source = 'ECB';
  readonly historyStart = '1999-01-04';
  constructor(private readonly quotes: FxQuote[] | Error) {
    super();
  }
  fetchLatest(): Promise<FxQuote[]> {
    return this.quotes instanceof Error
      ? Promise.reject(this.quotes)
      : Promise.resolve(this.quotes);
  }
  fetchHistory(): Promise<FxQuote[]> {
    return this.fetchLatest();
  }
  parseHistoryFile(): FxQuote[] {
    throw new Error('not used');
  }
}

function service(
  repository: Partial<Record<keyof FxRatesRepository, unknown>>,
  provider: FxRateProvider = new FakeProvider([]),
): CurrenciesService {
  return new CurrenciesService(strict<FxRatesRepository>(repository), provider, config, dataSource);
}

const usd: StoredRate = { currency: 'USD', rate: '1.1684000000', rateDate: '2026-04-13' };
const gbp: StoredRate = { currency: 'GBP', rate: '0.8705800000', rateDate: '2026-04-13' };

describe('CurrenciesService', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('asks for the legs a pair needs, never for EUR', async () => {
    const findLatestOnOrBefore = jest.fn().mockResolvedValue([usd, gbp]);
    const fx = service({ findLatestOnOrBefore });
    await expect(fx.rateFor('GBP', 'USD', '2026-04-13')).resolves.toMatchObject({
      status: 'found',
      rate: '1.34209377656',
    });
    await expect(fx.rateFor('EUR', 'USD', '2026-04-14')).resolves.toMatchObject({
      rate: '1.1684',
      rateDate: '2026-04-13',
    });
    expect(findLatestOnOrBefore.mock.calls).toEqual([
      ['ECB', ['GBP', 'USD'], '2026-04-13'],
      ['ECB', ['USD'], '2026-04-14'],
    ]);
  });

  it('answers the same currency and unknown codes without a query', async () => {
    const fx = service({});
    await expect(fx.rateFor('JPY', 'JPY', '2026-04-13')).resolves.toMatchObject({
      rate: '1',
      source: 'IDENTITY',
    });
    await expect(fx.rateFor('EUR', 'ZZZ', '2026-04-13')).resolves.toMatchObject({
      status: 'no-rate',
      reason: 'unknown-currency',
    });
  });

  it('refuses an impossible date before any query', async () => {
    const fx = service({});
    await expect(fx.rateFor('EUR', 'USD', '2026-02-30')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(fx.convert('1.00', 'EUR', 'USD', '13/04/2026')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(fx.rateTable(['USD'], '2026-04-30', '2026-04-01')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(fx.rateTable(['USD'], '2026-04-31', '2026-05-01')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('applies the configured age limit', async () => {
    const fx = service({
      findLatestOnOrBefore: jest.fn().mockResolvedValue([usd]),
      findStoredRange: jest
        .fn()
        .mockResolvedValue({ firstDate: '1999-01-04', lastDate: '2026-04-13' }),
    });
    await expect(fx.rateFor('EUR', 'USD', '2026-04-16')).resolves.toMatchObject({
      status: 'found',
    });
    await expect(fx.rateFor('EUR', 'USD', '2026-04-17')).resolves.toMatchObject({
      status: 'no-rate',
      reason: 'stale-rate',
      detail: expect.stringContaining("this installation's ECB rates end on 2026-04-13") as string,
    });
  });

  it('converts with the rate it reports', async () => {
    const fx = service({ findLatestOnOrBefore: jest.fn().mockResolvedValue([usd, gbp]) });
    await expect(fx.convert('10.00', 'GBP', 'USD', '2026-04-13')).resolves.toEqual({
      status: 'converted',
      from: 'GBP',
      to: 'USD',
      amount: '13.42',
      rate: '1.34209377656',
      rateDate: '2026-04-13',
      source: 'ECB',
    });
  });

  it('stores what the provider fetched in one transaction and counts the outcome', async () => {
    const quotes: FxQuote[] = [
      { date: '2026-04-14', currency: 'USD', rate: '1.1702' },
      { date: '2026-04-14', currency: 'JPY', rate: '186.9' },
      { date: '2026-04-13', currency: 'USD', rate: '1.1684' },
    ];
    const upsertMany = jest.fn().mockResolvedValue({ inserted: 1, updated: 1 });
    const fx = service({ upsertMany }, new FakeProvider(quotes));
    await expect(fx.refreshLatest()).resolves.toEqual({
      source: 'ECB',
      received: 3,
      inserted: 1,
      updated: 1,
      unchanged: 1,
      firstDate: '2026-04-13',
      lastDate: '2026-04-14',
      days: 2,
      currencies: ['JPY', 'USD'],
    });
    expect(upsertMany).toHaveBeenCalledTimes(1);
    const [source, stored, usedManager] = upsertMany.mock.calls[0] as unknown[];
    expect([source, stored]).toEqual(['ECB', quotes]);
    expect(usedManager).toBe(manager);
  });

  it('writes nothing when the provider fails', async () => {
    const failure = new AppException('UPSTREAM_INVALID_RESPONSE', 'ECB daily rates: malformed XML');
    const fx = service({}, new FakeProvider(failure));
    await expect(fx.refreshLatest()).rejects.toBe(failure);
    await expect(fx.importHistory()).rejects.toBe(failure);
  });

  it('words a missing rate by what is stored, asking only when a rate is missing', async () => {
    const findStoredRange = jest.fn().mockResolvedValue(null);
    const fx = service({ findLatestOnOrBefore: jest.fn().mockResolvedValue([]), findStoredRange });
    await expect(fx.rateFor('EUR', 'USD', '2026-03-02')).resolves.toMatchObject({
      reason: 'no-rate',
      detail: expect.stringContaining('this installation has no exchange rates yet') as string,
    });
    await fx.rateFor('USD', 'USD', '2026-03-02');
    await fx.rateFor('EUR', 'XYZ', '2026-03-02');
    expect(findStoredRange).toHaveBeenCalledTimes(1);
  });

  it('knows a partial history from the full one by its first date', async () => {
    const range = jest.fn();
    const fx = service({ findStoredRange: range });
    range.mockResolvedValueOnce(null);
    await expect(fx.hasFullHistory()).resolves.toBe(false);
    range.mockResolvedValueOnce({ firstDate: '2026-01-02', lastDate: '2026-04-13' });
    await expect(fx.hasFullHistory()).resolves.toBe(false);
    range.mockResolvedValueOnce({ firstDate: '1999-01-04', lastDate: '2026-04-13' });
    await expect(fx.hasFullHistory()).resolves.toBe(true);
  });

  it('loads a rate table for a window widened by the age limit, without EUR or unknown codes', async () => {
    const findBetween = jest.fn().mockResolvedValue([usd]);
    const findStoredRange = jest
      .fn()
      .mockResolvedValue({ firstDate: '1999-01-04', lastDate: '2026-04-13' });
    const fx = service({ findBetween, findStoredRange });
    const table = await fx.rateTable(['EUR', 'USD', 'USD', 'XYZ'], '2026-04-14', '2026-04-30');
    expect(findBetween).toHaveBeenCalledWith('ECB', ['USD'], '2026-04-11', '2026-04-30');
    expect(table.rateFor('USD', 'EUR', '2026-04-14')).toMatchObject({ rate: '0.85587127696' });
  });
});
