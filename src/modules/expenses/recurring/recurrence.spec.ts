import { addDays } from 'src/platform/dates/calendar-date';
import {
  InvalidRecurrenceRuleError,
  next,
  occurrences,
  RecurrenceRule,
  validateRecurrenceRule,
} from 'src/modules/expenses/recurring/recurrence';

const monthly = (startDate: string, extra: Partial<RecurrenceRule> = {}): RecurrenceRule => ({
  unit: 'month',
  interval: 1,
  startDate,
  ...extra,
});

describe('recurrence', () => {
  describe('monthly on the 31st', () => {
    const rule = monthly('2026-01-31');
    const expected = [
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
      '2026-11-30',
      '2026-12-31',
    ];

    it('falls on the last day of shorter months, never skips one, and goes back to the 31st', () => {
      expect(occurrences(rule, '2026-01-01', '2026-12-31')).toEqual(expected);
    });

    it('gives the same dates whatever the window starts on', () => {
      expect(occurrences(rule, '2026-03-01', '2026-05-31')).toEqual(expected.slice(2, 5));
      expect(occurrences(rule, '2026-02-28', '2026-02-28')).toEqual(['2026-02-28']);
      expect(occurrences(rule, '2026-03-01', '2026-03-30')).toEqual([]);
      expect(next(rule, '2026-02-28', 2)).toEqual(['2026-03-31', '2026-04-30']);
    });

    it('takes Feb 29 in a leap year', () => {
      expect(occurrences(monthly('2027-12-31'), '2028-01-01', '2028-03-31')).toEqual([
        '2028-01-31',
        '2028-02-29',
        '2028-03-31',
      ]);
    });
  });

  it.each<[string, Partial<RecurrenceRule>, string, string, string[]]>([
    [
      'the 30th from a January start',
      { dayOfMonth: 30 },
      '2026-01-01',
      '2026-04-30',
      ['2026-01-30', '2026-02-28', '2026-03-30', '2026-04-30'],
    ],
    [
      'the 31st from mid-month',
      { dayOfMonth: 31 },
      '2026-01-15',
      '2026-03-31',
      ['2026-01-31', '2026-02-28', '2026-03-31'],
    ],
    [
      'the 5th, starting after the 5th',
      { dayOfMonth: 5 },
      '2026-01-01',
      '2026-03-31',
      ['2026-02-05', '2026-03-05'],
    ],
    [
      'every 3 months on the 31st',
      { dayOfMonth: 31, interval: 3 },
      '2026-01-01',
      '2026-12-31',
      ['2026-01-31', '2026-04-30', '2026-07-31', '2026-10-31'],
    ],
    [
      'every 2 months, the start month skipped',
      { dayOfMonth: 5, interval: 2 },
      '2026-01-01',
      '2026-07-31',
      ['2026-03-05', '2026-05-05', '2026-07-05'],
    ],
  ])('monthly from 2026-01-20 on %s', (_, extra, from, to, expected) => {
    expect(occurrences(monthly('2026-01-20', extra), from, to)).toEqual(expected);
  });

  describe('yearly on Feb 29', () => {
    const rule: RecurrenceRule = { unit: 'year', interval: 1, startDate: '2024-02-29' };

    it('falls on Feb 28 in common years and Feb 29 in leap years', () => {
      expect(occurrences(rule, '2020-01-01', '2033-12-31')).toEqual([
        '2024-02-29',
        '2025-02-28',
        '2026-02-28',
        '2027-02-28',
        '2028-02-29',
        '2029-02-28',
        '2030-02-28',
        '2031-02-28',
        '2032-02-29',
        '2033-02-28',
      ]);
    });

    it('knows 2100 is not a leap year and 2400 is', () => {
      expect(occurrences({ ...rule, interval: 4 }, '2096-01-01', '2104-12-31')).toEqual([
        '2096-02-29',
        '2100-02-28',
        '2104-02-29',
      ]);
      expect(next({ ...rule, interval: 100, startDate: '2000-02-29' }, '2000-03-01', 4)).toEqual([
        '2100-02-28',
        '2200-02-28',
        '2300-02-28',
        '2400-02-29',
      ]);
    });
  });

  it.each<[string, RecurrenceRule, string, string, string[]]>([
    [
      'every 2 weeks',
      { unit: 'week', interval: 2, startDate: '2026-01-02' },
      '2026-01-01',
      '2026-03-01',
      ['2026-01-02', '2026-01-16', '2026-01-30', '2026-02-13', '2026-02-27'],
    ],
    [
      'every 2 weeks, window starting mid-cycle',
      { unit: 'week', interval: 2, startDate: '2026-01-02' },
      '2026-01-17',
      '2026-02-13',
      ['2026-01-30', '2026-02-13'],
    ],
    [
      'every 10 days across a leap day',
      { unit: 'day', interval: 10, startDate: '2028-02-10' },
      '2028-02-01',
      '2028-03-15',
      ['2028-02-10', '2028-02-20', '2028-03-01', '2028-03-11'],
    ],
    [
      'daily across a year end',
      { unit: 'day', interval: 1, startDate: '2026-12-30' },
      '2026-12-29',
      '2027-01-02',
      ['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02'],
    ],
    [
      'yearly every 2 years on a plain day',
      { unit: 'year', interval: 2, startDate: '2026-07-14' },
      '2026-01-01',
      '2032-12-31',
      ['2026-07-14', '2028-07-14', '2030-07-14', '2032-07-14'],
    ],
    [
      'a count of 3',
      { unit: 'month', interval: 1, startDate: '2026-01-31', count: 3 },
      '2026-01-01',
      '2026-12-31',
      ['2026-01-31', '2026-02-28', '2026-03-31'],
    ],
    [
      'a count of 3, window after the first',
      { unit: 'week', interval: 1, startDate: '2026-01-01', count: 3 },
      '2026-01-02',
      '2026-12-31',
      ['2026-01-08', '2026-01-15'],
    ],
    [
      'an end date that is an occurrence (inclusive)',
      { unit: 'week', interval: 1, startDate: '2026-01-01', endDate: '2026-01-15' },
      '2026-01-01',
      '2026-12-31',
      ['2026-01-01', '2026-01-08', '2026-01-15'],
    ],
    [
      'an end date between occurrences',
      { unit: 'month', interval: 1, startDate: '2026-01-31', endDate: '2026-04-29' },
      '2026-01-01',
      '2026-12-31',
      ['2026-01-31', '2026-02-28', '2026-03-31'],
    ],
    [
      'a window before the start',
      { unit: 'day', interval: 1, startDate: '2026-05-01' },
      '2026-01-01',
      '2026-04-30',
      [],
    ],
    [
      'a window after the end',
      { unit: 'day', interval: 1, startDate: '2026-05-01', count: 2 },
      '2026-06-01',
      '2026-06-30',
      [],
    ],
  ])('%s', (_, rule, from, to, expected) => {
    expect(occurrences(rule, from, to)).toEqual(expected);
  });

  describe('next', () => {
    it('lists the occurrences strictly after a date', () => {
      const rule = monthly('2026-01-31');
      expect(next(rule, '2026-01-31', 3)).toEqual(['2026-02-28', '2026-03-31', '2026-04-30']);
      expect(next(rule, '2025-06-01', 1)).toEqual(['2026-01-31']);
    });

    it('stops early when the rule ends', () => {
      expect(next(monthly('2026-01-31', { count: 2 }), '2025-01-01', 5)).toEqual([
        '2026-01-31',
        '2026-02-28',
      ]);
      expect(next(monthly('2026-01-31', { endDate: '2026-03-30' }), '2026-02-28', 5)).toEqual([]);
    });

    it('finds nothing after the last day of the calendar, whatever the start', () => {
      expect(next(monthly('2026-01-31'), '9999-12-31', 2)).toEqual([]);
      expect(next({ unit: 'day', interval: 1, startDate: '0500-01-01' }, '9999-12-31', 1)).toEqual(
        [],
      );
      expect(next({ unit: 'day', interval: 1, startDate: '9999-12-31' }, '9999-12-30', 3)).toEqual([
        '9999-12-31',
      ]);
    });

    it('jumps straight to a far window instead of walking from the start', () => {
      const rule: RecurrenceRule = { unit: 'day', interval: 1, startDate: '0001-01-01' };
      expect(next(rule, '9999-12-29', 5)).toEqual(['9999-12-30', '9999-12-31']);
    });
  });

  it('agrees with walking every occurrence from the start, for any window (200 random rules)', () => {
    let seed = 17;
    const random = (below: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    const units = ['day', 'week', 'month', 'year'] as const;
    const mismatches: string[] = [];
    for (let trial = 0; trial < 200; trial++) {
      const unit = units[random(4)];
      const rule: RecurrenceRule = {
        unit,
        interval: 1 + random(5),
        startDate: addDays('2020-01-01', random(3000)),
        ...(unit === 'month' && random(2) === 0 ? { dayOfMonth: 1 + random(31) } : {}),
      };
      const all = next(rule, addDays(rule.startDate, -1), 2000);
      const from = addDays(rule.startDate, random(1200) - 100);
      const to = addDays(from, random(600));
      const expected = all.filter((date) => date >= from && date <= to);
      const actual = occurrences(rule, from, to);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(`${JSON.stringify(rule)} ${from}..${to}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  describe('invalid rules', () => {
    it.each<[string, Partial<RecurrenceRule>, Record<string, string>]>([
      [
        'interval 0',
        { interval: 0 },
        { interval: 'interval must be a whole number from 1 to 1000' },
      ],
      [
        'interval 1.5',
        { interval: 1.5 },
        { interval: 'interval must be a whole number from 1 to 1000' },
      ],
      [
        'an unknown unit',
        { unit: 'fortnight' as 'week' },
        { unit: 'unit must be one of day, week, month, year' },
      ],
      [
        'count and end date both',
        { count: 3, endDate: '2026-12-31' },
        { count: 'give either count or endDate, not both' },
      ],
      ['count 0', { count: 0 }, { count: 'count must be a whole number from 1 to 10000' }],
      [
        'day of month 32',
        { dayOfMonth: 32 },
        { dayOfMonth: 'dayOfMonth must be a whole number from 1 to 31' },
      ],
      [
        'day of month 0',
        { dayOfMonth: 0 },
        { dayOfMonth: 'dayOfMonth must be a whole number from 1 to 31' },
      ],
      [
        'day of month on a weekly rule',
        { unit: 'week', dayOfMonth: 5 },
        { dayOfMonth: 'dayOfMonth applies to monthly rules only' },
      ],
      [
        'an impossible start',
        { startDate: '2026-02-30' },
        { startDate: 'startDate must be a real calendar date written YYYY-MM-DD' },
      ],
      [
        'an end before the start',
        { endDate: '2025-12-31' },
        { endDate: 'endDate must not be before startDate' },
      ],
      [
        'an impossible end',
        { endDate: '2026-13-01' },
        { endDate: 'endDate must be a real calendar date written YYYY-MM-DD' },
      ],
    ])('%s', (_, change, expected) => {
      const rule = { ...monthly('2026-01-31'), ...change };
      const errors = Object.fromEntries(
        validateRecurrenceRule(rule).map((error) => [error.field, error.messages.join('; ')]),
      );
      expect(errors).toEqual(expected);
      expect(() => occurrences(rule, '2026-01-01', '2026-12-31')).toThrow(
        InvalidRecurrenceRuleError,
      );
    });

    it('reports every problem, also beside count and endDate given together', () => {
      const rule = { ...monthly('2026-01-31'), count: 0, endDate: '2026-02-30' };
      expect(validateRecurrenceRule(rule)).toEqual([
        {
          field: 'endDate',
          messages: ['endDate must be a real calendar date written YYYY-MM-DD'],
        },
        { field: 'count', messages: ['give either count or endDate, not both'] },
      ]);
    });

    it('throws VALIDATION_FAILED with field errors a client can read', () => {
      const attempt = () =>
        next(monthly('2026-01-31', { interval: 0, dayOfMonth: 32 }), '2026-01-01', 1);
      expect(attempt).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          options: {
            errors: [
              { field: 'interval', messages: ['interval must be a whole number from 1 to 1000'] },
              { field: 'dayOfMonth', messages: ['dayOfMonth must be a whole number from 1 to 31'] },
            ],
          },
        }) as Error,
      );
    });

    it('refuses a reversed or impossible window and a runaway range', () => {
      const rule = monthly('2026-01-31');
      expect(() => occurrences(rule, '2026-12-31', '2026-01-01')).toThrow(
        InvalidRecurrenceRuleError,
      );
      expect(() => occurrences(rule, '2026-02-30', '2026-12-31')).toThrow(
        InvalidRecurrenceRuleError,
      );
      expect(() => next(rule, '2026-01-01', 0)).toThrow(InvalidRecurrenceRuleError);
      const daily: RecurrenceRule = { unit: 'day', interval: 1, startDate: '2000-01-01' };
      expect(() => occurrences(daily, '2000-01-01', '2099-12-31')).toThrow(/more than 10000/);
    });
  });
});
