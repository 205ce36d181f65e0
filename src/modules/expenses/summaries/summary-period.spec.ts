import {
  monthIndex,
  monthKey,
  monthsSpanned,
  previousPeriod,
  wholeMonths,
} from 'src/modules/expenses/summaries/summary-period';

describe('summary periods', () => {
  it.each([
    // A calendar month against the month before, whatever their lengths.
    [
      'March 2024 (leap February before it)',
      '2024-03-01',
      '2024-03-31',
      '2024-02-01',
      '2024-02-29',
    ],
    ['March 2023', '2023-03-01', '2023-03-31', '2023-02-01', '2023-02-28'],
    [
      'February 2024 (29 days) against January (31)',
      '2024-02-01',
      '2024-02-29',
      '2024-01-01',
      '2024-01-31',
    ],
    [
      'January against the December of the year before',
      '2026-01-01',
      '2026-01-31',
      '2025-12-01',
      '2025-12-31',
    ],
    [
      'May 2026 (31 days) against April (30)',
      '2026-05-01',
      '2026-05-31',
      '2026-04-01',
      '2026-04-30',
    ],
    // Several whole months against as many months before.
    ['a leap year against the year before', '2024-01-01', '2024-12-31', '2023-01-01', '2023-12-31'],
    ['the year after a leap year', '2025-01-01', '2025-12-31', '2024-01-01', '2024-12-31'],
    [
      'a quarter against the previous quarter',
      '2026-01-01',
      '2026-03-31',
      '2025-10-01',
      '2025-12-31',
    ],
    ['two months across a year end', '2026-01-01', '2026-02-28', '2025-11-01', '2025-12-31'],
    ['ten whole years', '2016-01-01', '2025-12-31', '2006-01-01', '2015-12-31'],
    // Anything else: the same number of days immediately before.
    [
      'the first half of March 2024 (15 days)',
      '2024-03-01',
      '2024-03-15',
      '2024-02-15',
      '2024-02-29',
    ],
    ['one day', '2026-03-01', '2026-03-01', '2026-02-28', '2026-02-28'],
    ['the leap day itself', '2024-02-29', '2024-02-29', '2024-02-28', '2024-02-28'],
    ['the day after the leap day', '2024-03-01', '2024-03-01', '2024-02-29', '2024-02-29'],
    ['a week across a month end', '2026-03-29', '2026-04-04', '2026-03-22', '2026-03-28'],
    [
      'a month that does not start on the 1st',
      '2026-01-15',
      '2026-02-14',
      '2025-12-15',
      '2026-01-14',
    ],
    [
      'a range ending on a month end but not starting on a 1st',
      '2024-02-02',
      '2024-02-29',
      '2024-01-05',
      '2024-02-01',
    ],
    [
      'a range starting on a 1st but ending mid-month',
      '2026-01-01',
      '2026-02-27',
      '2025-11-04',
      '2025-12-31',
    ],
    ['365 days across a leap day', '2024-02-15', '2025-02-13', '2023-02-15', '2024-02-14'],
  ])('compares %s with the right period', (_name, from, to, previousFrom, previousTo) => {
    expect(previousPeriod({ from, to })).toEqual({ from: previousFrom, to: previousTo });
  });

  it('compares a whole-month range that is not a calendar month by months, not days', () => {
    // July 2023 – June 2024 is whole months: the twelve months before, not the 366 days before.
    expect(previousPeriod({ from: '2023-07-01', to: '2024-06-30' })).toEqual({
      from: '2022-07-01',
      to: '2023-06-30',
    });
  });

  it.each([
    ['2026-03-01', '2026-03-31', 1],
    ['2024-02-01', '2024-02-29', 1],
    ['2026-01-01', '2026-12-31', 12],
    ['2026-03-01', '2026-03-30', undefined],
    ['2026-03-02', '2026-03-31', undefined],
    ['2023-02-01', '2023-02-28', 1],
    ['2024-02-01', '2024-02-28', undefined],
  ])('%s … %s is %s whole months', (from, to, months) => {
    expect(wholeMonths({ from, to })).toBe(months);
  });

  it('counts the months a range touches', () => {
    expect(monthsSpanned({ from: '2026-01-31', to: '2026-02-01' })).toBe(2);
    expect(monthsSpanned({ from: '2016-01-15', to: '2025-12-01' })).toBe(120);
  });

  it('numbers months consecutively across years and writes them back', () => {
    expect(monthIndex('2026-01-15') - monthIndex('2025-12-31')).toBe(1);
    expect(monthKey(monthIndex('2026-01-15'))).toBe('2026-01');
    expect(monthKey(monthIndex('1999-12-01'))).toBe('1999-12');
  });
});
