import { Decimal, sumDecimals } from 'src/platform/money/decimal';
import {
  fromFxConversion,
  toFxColumns,
  withUserRate,
} from 'src/modules/expenses/base-amounts/base-conversion';

describe('base conversion', () => {
  it.each([
    // amount, rate, base, base amount (half-even to the base's minor unit)
    ['10.00', '1.2', 'EUR', '12.00'],
    ['10.00', '0.925925925926', 'EUR', '9.26'],
    ['0.05', '0.5', 'EUR', '0.02'],
    ['0.15', '0.5', 'EUR', '0.08'],
    ['10.00', '186.75', 'JPY', '1868'],
    ['10.00', '186.65', 'JPY', '1866'],
    ['1', '0.3075', 'KWD', '0.308'],
    ['999999999999.99', '1.5', 'USD', '1499999999999.98'],
    ['999999999999.97', '1.5', 'USD', '1499999999999.96'],
  ])('%s at a user rate of %s is %s %s', (amount, rate, base, expected) => {
    expect(withUserRate(amount, rate, '2026-03-02', base)).toEqual({
      status: 'converted',
      baseCurrency: base,
      baseAmount: expected,
      rate,
      rateDate: '2026-03-02',
      source: 'USER',
    });
  });

  it('writes a user rate without trailing zeros', () => {
    expect(withUserRate('1', '1.2500', '2026-03-02', 'EUR').rate).toBe('1.25');
  });

  it('keeps an ECB conversion with its rate, date and source', () => {
    const conversion = fromFxConversion(
      {
        status: 'converted',
        from: 'USD',
        to: 'EUR',
        rate: '0.925925925926',
        rateDate: '2026-02-27',
        source: 'ECB',
        amount: '9.26',
      },
      'EUR',
    );
    expect(toFxColumns(conversion)).toEqual({
      baseCurrency: 'EUR',
      baseAmount: '9.26',
      fxRate: '0.925925925926',
      fxRateDate: '2026-02-27',
      fxSource: 'ECB',
      fxMissingReason: null,
      fxMissingDetail: null,
    });
  });

  it('keeps a missing rate as a missing rate, with no number', () => {
    const conversion = fromFxConversion(
      {
        status: 'no-rate',
        from: 'USD',
        to: 'EUR',
        date: '1990-01-01',
        reason: 'no-rate',
        detail:
          'No EUR→USD rate is stored for 1990-01-01 or the 7 days before it: ECB rates begin on 1999-01-04',
      },
      'EUR',
    );
    expect(toFxColumns(conversion)).toEqual({
      baseCurrency: 'EUR',
      baseAmount: null,
      fxRate: null,
      fxRateDate: null,
      fxSource: null,
      fxMissingReason: 'no-rate',
      fxMissingDetail:
        'No EUR→USD rate is stored for 1990-01-01 or the 7 days before it: ECB rates begin on 1999-01-04',
    });
  });

  it('refuses a source it does not know rather than storing it', () => {
    expect(() =>
      fromFxConversion(
        {
          status: 'converted',
          from: 'USD',
          to: 'EUR',
          rate: '1',
          rateDate: '2026-01-01',
          source: 'GUESS',
          amount: '1.00',
        },
        'EUR',
      ),
    ).toThrow('Unexpected FX source GUESS');
  });

  it('sums 10,000 converted random amounts exactly (no float anywhere)', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const converted: string[] = [];
    let expectedCents = 0n;
    for (let i = 0; i < 10_000; i++) {
      const cents = BigInt(Math.floor(random() * 10_000_000) + 1);
      const amount = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
      const result = withUserRate(amount, '1', '2026-01-01', 'EUR');
      converted.push(result.baseAmount);
      expectedCents += cents;
    }
    const total = new Decimal(sumDecimals(converted));
    expect(total.times(100).toFixed()).toBe(expectedCents.toString());
  });
});
