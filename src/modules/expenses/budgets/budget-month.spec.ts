import {
  addMonths,
  daysOfMonth,
  firstDayOf,
  isCalendarMonth,
  lastDayOf,
  monthOf,
} from 'src/modules/expenses/budgets/budget-month';

describe('calendar months', () => {
  it.each([
    ['2026-03', true],
    ['2026-12', true],
    ['2026-13', false],
    ['2026-00', false],
    ['2026-3', false],
    ['2026-03-01', false],
    ['0000-01', false],
    [202603, false],
    [null, false],
  ])('%j is a month: %s', (value, expected) => {
    expect(isCalendarMonth(value)).toBe(expected);
  });

  it.each([
    ['2026-01', 1, '2026-02'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-03', 24, '2028-03'],
    ['2026-03', -27, '2023-12'],
    ['2026-03', 0, '2026-03'],
  ])('%s plus %i months is %s', (month, count, expected) => {
    expect(addMonths(month, count)).toBe(expected);
  });

  it.each([
    ['2026-02', '2026-02-01', '2026-02-28', 28],
    ['2028-02', '2028-02-01', '2028-02-29', 29],
    ['2100-02', '2100-02-01', '2100-02-28', 28],
    ['2000-02', '2000-02-01', '2000-02-29', 29],
    ['2026-04', '2026-04-01', '2026-04-30', 30],
    ['2026-12', '2026-12-01', '2026-12-31', 31],
  ])('%s runs from %s to %s (%i days)', (month, first, last, days) => {
    expect([firstDayOf(month), lastDayOf(month), daysOfMonth(month)]).toEqual([first, last, days]);
    expect(monthOf(first)).toBe(month);
    expect(monthOf(last)).toBe(month);
  });

  it('refuses what is not a month or a day', () => {
    expect(() => firstDayOf('2026-13')).toThrow('not a calendar month');
    expect(() => monthOf('2026-02-30')).toThrow('not a calendar date');
  });
});
