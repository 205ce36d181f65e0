import {
  addDays,
  calendarDateIn,
  calendarDateOf,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  isCalendarDate,
  toDayNumber,
} from 'src/platform/dates/calendar-date';

describe('calendar dates', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11_017],
    ['2026-04-13', 20_556],
    ['0001-01-01', -719_162],
    ['9999-12-31', 2_932_896],
  ])('%s is day %i since the epoch, both ways', (date, dayNumber) => {
    expect(toDayNumber(date)).toBe(dayNumber);
    expect(fromDayNumber(dayNumber)).toBe(date);
  });

  it('agrees with UTC Date for every day from 1899 to 2101', () => {
    const first = Date.UTC(1899, 0, 1) / 86_400_000;
    const mismatches: string[] = [];
    for (let day = first; day < first + 202 * 366; day++) {
      const expected = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (fromDayNumber(day) !== expected || toDayNumber(expected) !== day) {
        mismatches.push(expected);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-04-13', -3, '2026-04-10'],
  ])('%s plus %i day(s) is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [1900, 2, 28],
    [2000, 2, 29],
    [2026, 4, 30],
    [2026, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it.each([
    '2026-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-1-05',
    '26-01-05',
    '2026-01-05T00:00Z',
    '',
    20260105,
    null,
  ])('refuses %j', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });

  it('accepts Feb 29 in a leap year', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
  });

  it('takes the UTC day of an instant, whatever the process zone', () => {
    expect(calendarDateOf(new Date('2026-04-13T23:59:59.999Z'))).toBe('2026-04-13');
  });

  it.each([
    ['2026-03-01T23:30:00Z', 'UTC', '2026-03-01'],
    ['2026-03-01T23:30:00Z', 'Europe/Berlin', '2026-03-02'],
    ['2026-03-01T03:59:59Z', 'America/New_York', '2026-02-28'],
    ['2026-03-01T04:00:00Z', 'America/Chicago', '2026-02-28'],
    ['2028-02-29T12:00:00Z', 'Pacific/Kiritimati', '2028-03-01'],
    ['2026-12-31T23:00:00Z', 'Asia/Tokyo', '2027-01-01'],
  ])('%s in %s is on %s', (instant, zone, expected) => {
    expect(calendarDateIn(new Date(instant), zone)).toBe(expected);
  });
});
