import {
  DateFormat,
  DecimalFormat,
  parseAmountIn,
  parseDateIn,
} from 'src/modules/expenses/import/value-formats';

describe('import value formats', () => {
  it.each<[DateFormat, string, string | undefined]>([
    ['YYYY-MM-DD', '2026-04-13', '2026-04-13'],
    ['YYYY-MM-DD', '2024-02-29', '2024-02-29'],
    ['YYYY-MM-DD', '2026-02-29', undefined],
    ['YYYY-MM-DD', '2026-4-13', undefined],
    ['YYYY-MM-DD', '13/04/2026', undefined],
    ['DD/MM/YYYY', '13/04/2026', '2026-04-13'],
    ['DD/MM/YYYY', '3/4/2026', '2026-04-03'],
    ['DD/MM/YYYY', '04/13/2026', undefined],
    ['DD/MM/YYYY', '31/02/2026', undefined],
    ['DD/MM/YYYY', '00/01/2026', undefined],
    ['DD/MM/YYYY', '13/04/26', undefined],
    ['MM/DD/YYYY', '04/13/2026', '2026-04-13'],
    ['MM/DD/YYYY', '13/04/2026', undefined],
    ['MM/DD/YYYY', '02/29/2024', '2024-02-29'],
    ['MM/DD/YYYY', '', undefined],
  ])('%s reads %j as %s', (format, text, expected) => {
    expect(parseDateIn(text, format)).toBe(expected);
  });

  it.each<[DecimalFormat, string, string | undefined]>([
    ['1234.56', '1234.56', '1234.56'],
    ['1234.56', '-12.50', '-12.5'],
    ['1234.56', '007.50', '7.5'],
    ['1234.56', '0.01', '0.01'],
    ['1234.56', '1,234.56', undefined],
    ['1234.56', '12,50', undefined],
    ['1234.56', '1e3', undefined],
    ['1234.56', '£12.50', undefined],
    ['1234.56', '12.', undefined],
    ['1234.56', '.75', '0.75'],
    ['1234.56', '-.5', '-0.5'],
    ['1234.56', '.', undefined],
    ['1,234.56', '.99', '0.99'],
    ['1.234,56', ',99', '0.99'],
    ['1234.56', '+5', undefined],
    ['1,234.56', '1,234.56', '1234.56'],
    ['1,234.56', '1234.56', '1234.56'],
    ['1,234.56', '1,234,567', '1234567'],
    ['1,234.56', '-1,000.00', '-1000'],
    ['1,234.56', '12,34.56', undefined],
    ['1,234.56', '1.234,56', undefined],
    ['1.234,56', '1.234,56', '1234.56'],
    ['1.234,56', '1234,56', '1234.56'],
    ['1.234,56', '12,50', '12.5'],
    ['1.234,56', '-0,99', '-0.99'],
    ['1.234,56', '1.234.567', '1234567'],
    ['1.234,56', '12.50', undefined],
    ['1.234,56', '1,234.56', undefined],
    ['1.234,56', '1 234,56', undefined],
  ])('%s reads %j as %s', (format, text, expected) => {
    expect(parseAmountIn(text, format)).toBe(expected);
  });
});
