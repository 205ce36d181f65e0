import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import {
  allCurrencies,
  findCurrency,
  getCurrency,
  isCurrencyCode,
  ISO_4217_LIST_DATE,
  minorUnitOf,
  NON_MONETARY_CODES,
  UnknownCurrencyError,
} from 'src/platform/money/currency-catalogue';

interface IsoEntry {
  Ccy?: string;
  CcyMnrUnts?: string;
}

/** The ISO "list one" XML that the currency-codes package ships beside its data. */
function isoListEntries(): IsoEntry[] {
  const xml = readFileSync(require.resolve('currency-codes/iso-4217-list-one.xml'), 'utf8');
  const parsed = new XMLParser({ parseTagValue: false }).parse(xml) as {
    ISO_4217: { CcyTbl: { CcyNtry: IsoEntry[] } };
  };
  return parsed.ISO_4217.CcyTbl.CcyNtry;
}

describe('currency catalogue', () => {
  it.each([
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['BHD', 3],
    ['KWD', 3],
    ['JOD', 3],
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['CHF', 2],
    ['CLF', 4],
    ['UYW', 4],
  ])('%s has %i decimal places', (code, minorUnit) => {
    expect(minorUnitOf(code)).toBe(minorUnit);
  });

  it.each([
    'HRK',
    'DEM',
    'FRF',
    'CYP',
    'LTL',
    'SLL',
    'ZWL',
    'XAU',
    'XXX',
    'XTS',
    'XDR',
    'ABC',
    'eur',
    'EURO',
    '',
    ' EUR',
  ])('does not know %j as an active currency', (code) => {
    expect(isCurrencyCode(code)).toBe(false);
    expect(findCurrency(code)).toBeUndefined();
    expect(() => getCurrency(code)).toThrow(UnknownCurrencyError);
  });

  it('names each currency with its ISO numeric code', () => {
    expect(getCurrency('EUR')).toEqual({
      code: 'EUR',
      numericCode: '978',
      minorUnit: 2,
      name: 'Euro',
    });
  });

  it('holds every monetary code of the ISO list it was generated from, and no other', () => {
    const entries = isoListEntries();
    const monetary = new Set(
      entries.filter((entry) => entry.Ccy && entry.CcyMnrUnts !== 'N.A.').map((entry) => entry.Ccy),
    );
    const withoutMinorUnit = new Set(
      entries.filter((entry) => entry.Ccy && entry.CcyMnrUnts === 'N.A.').map((entry) => entry.Ccy),
    );
    expect([...withoutMinorUnit].sort()).toEqual([...NON_MONETARY_CODES].sort());
    expect(
      allCurrencies()
        .map((currency) => currency.code)
        .sort(),
    ).toEqual([...monetary].sort());
    const mismatched = entries.filter(
      (entry) =>
        entry.Ccy &&
        monetary.has(entry.Ccy) &&
        findCurrency(entry.Ccy)?.minorUnit !== Number(entry.CcyMnrUnts),
    );
    expect(mismatched).toEqual([]);
  });

  it('says which edition of the ISO list it follows', () => {
    expect(ISO_4217_LIST_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
