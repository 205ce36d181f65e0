import {
  DueBatch,
  dueBatch,
  nextOccurrence,
  previewDates,
  RuleProgress,
  watermarkOnResume,
} from 'src/modules/expenses/recurring/materialisation-plan';
import { RecurrenceRule } from 'src/modules/expenses/recurring/recurrence';

const monthlyOn31st: RecurrenceRule = { unit: 'month', interval: 1, startDate: '2026-01-31' };
const daily: RecurrenceRule = { unit: 'day', interval: 1, startDate: '2026-03-01' };
const weekly: RecurrenceRule = { unit: 'week', interval: 1, startDate: '2026-03-02' };

const progress = (
  rule: RecurrenceRule,
  materialisedThrough: string | null = null,
  active = true,
): RuleProgress => ({ rule, active, materialisedThrough });

describe('materialisation plan', () => {
  describe('dueBatch: what a run on `today` creates and where the rule stands after', () => {
    it.each<[string, RuleProgress, string, number, DueBatch | undefined]>([
      [
        'a new rule back-fills from its start date through today',
        progress(monthlyOn31st),
        '2026-04-15',
        100,
        {
          dates: ['2026-01-31', '2026-02-28', '2026-03-31'],
          materialisedThrough: '2026-04-15',
          nextOccurrence: '2026-04-30',
          more: false,
        },
      ],
      [
        'the daily run after the last: the one occurrence of the day',
        progress(daily, '2026-03-09'),
        '2026-03-10',
        100,
        {
          dates: ['2026-03-10'],
          materialisedThrough: '2026-03-10',
          nextOccurrence: '2026-03-11',
          more: false,
        },
      ],
      [
        'missed days are caught up, each once',
        progress(daily, '2026-03-05'),
        '2026-03-09',
        100,
        {
          dates: ['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09'],
          materialisedThrough: '2026-03-09',
          nextOccurrence: '2026-03-10',
          more: false,
        },
      ],
      [
        'a catch-up longer than the limit goes in steps, the watermark on the last date made',
        progress(daily, '2026-03-05'),
        '2026-03-20',
        4,
        {
          dates: ['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09'],
          materialisedThrough: '2026-03-09',
          nextOccurrence: '2026-03-10',
          more: true,
        },
      ],
      [
        'exactly the limit due is not "more"',
        progress(daily, '2026-03-05'),
        '2026-03-09',
        4,
        {
          dates: ['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09'],
          materialisedThrough: '2026-03-09',
          nextOccurrence: '2026-03-10',
          more: false,
        },
      ],
      [
        'a day without an occurrence moves the watermark and creates nothing',
        progress(weekly, '2026-03-02'),
        '2026-03-05',
        100,
        { dates: [], materialisedThrough: '2026-03-05', nextOccurrence: '2026-03-09', more: false },
      ],
      [
        'the 31st lands on Feb 28 and comes back to the 31st in March',
        progress(monthlyOn31st, '2026-01-31'),
        '2026-03-31',
        100,
        {
          dates: ['2026-02-28', '2026-03-31'],
          materialisedThrough: '2026-03-31',
          nextOccurrence: '2026-04-30',
          more: false,
        },
      ],
      [
        'a start in the future: nothing to do yet',
        progress({ ...daily, startDate: '2026-06-01' }),
        '2026-03-10',
        100,
        undefined,
      ],
      [
        'the end date is reached: the last occurrence, then nothing next',
        progress({ ...weekly, endDate: '2026-03-20' }, '2026-03-09'),
        '2026-03-31',
        100,
        {
          dates: ['2026-03-16'],
          materialisedThrough: '2026-03-31',
          nextOccurrence: null,
          more: false,
        },
      ],
      [
        'the end date is today: today is the last',
        progress({ ...daily, endDate: '2026-03-10' }, '2026-03-09'),
        '2026-03-10',
        100,
        {
          dates: ['2026-03-10'],
          materialisedThrough: '2026-03-10',
          nextOccurrence: null,
          more: false,
        },
      ],
      [
        'the count is reached: three occurrences in all, whatever the catch-up',
        progress({ ...monthlyOn31st, count: 3 }),
        '2026-12-31',
        100,
        {
          dates: ['2026-01-31', '2026-02-28', '2026-03-31'],
          materialisedThrough: '2026-12-31',
          nextOccurrence: null,
          more: false,
        },
      ],
      [
        'the count counts from the start, not from the watermark',
        progress({ ...monthlyOn31st, count: 3 }, '2026-02-28'),
        '2026-12-31',
        100,
        {
          dates: ['2026-03-31'],
          materialisedThrough: '2026-12-31',
          nextOccurrence: null,
          more: false,
        },
      ],
      [
        'Feb 29 yearly in a common year falls on Feb 28',
        progress({ unit: 'year', interval: 1, startDate: '2024-02-29' }, '2026-12-31'),
        '2027-03-01',
        100,
        {
          dates: ['2027-02-28'],
          materialisedThrough: '2027-03-01',
          nextOccurrence: '2028-02-29',
          more: false,
        },
      ],
      [
        'a start moved past the watermark starts there',
        progress({ ...daily, startDate: '2026-03-08' }, '2026-03-02'),
        '2026-03-09',
        100,
        {
          dates: ['2026-03-08', '2026-03-09'],
          materialisedThrough: '2026-03-09',
          nextOccurrence: '2026-03-10',
          more: false,
        },
      ],
      [
        'a start moved before the watermark creates nothing before it again',
        progress({ ...daily, startDate: '2026-01-01' }, '2026-03-09'),
        '2026-03-10',
        100,
        {
          dates: ['2026-03-10'],
          materialisedThrough: '2026-03-10',
          nextOccurrence: '2026-03-11',
          more: false,
        },
      ],
      [
        'a paused rule: nothing',
        progress(daily, '2026-03-05', false),
        '2026-03-09',
        100,
        undefined,
      ],
      [
        'already dealt with today (a rerun): nothing',
        progress(daily, '2026-03-09'),
        '2026-03-09',
        100,
        undefined,
      ],
      [
        'a watermark after today (the clock went back): nothing',
        progress(daily, '2026-03-12'),
        '2026-03-09',
        100,
        undefined,
      ],
    ])('%s', (_name, state, today, limit, expected) => {
      expect(dueBatch(state, today, limit)).toEqual(expected);
    });

    it('takes every due occurrence exactly once when run in steps, whatever the step size', () => {
      const rule: RecurrenceRule = { unit: 'week', interval: 2, startDate: '2025-01-03' };
      const expected = previewDates(progress(rule), '2026-03-31', 200).filter(
        (date) => date <= '2026-03-31',
      );
      for (const limit of [1, 2, 7, 39, 100]) {
        let state = progress(rule);
        const made: string[] = [];
        for (let step = dueBatch(state, '2026-03-31', limit); step;) {
          made.push(...step.dates);
          state = { ...state, materialisedThrough: step.materialisedThrough };
          step = dueBatch(state, '2026-03-31', limit);
        }
        expect({ limit, made }).toEqual({ limit, made: expected });
        expect(state.materialisedThrough).toBe('2026-03-31');
      }
    });
  });

  describe('nextOccurrence', () => {
    it.each<[string, Omit<RuleProgress, 'active'>, string | null]>([
      [
        'a new rule: its first date',
        { rule: monthlyOn31st, materialisedThrough: null },
        '2026-01-31',
      ],
      [
        'after the watermark',
        { rule: monthlyOn31st, materialisedThrough: '2026-02-01' },
        '2026-02-28',
      ],
      [
        'an ended rule: none',
        { rule: { ...monthlyOn31st, count: 2 }, materialisedThrough: '2026-02-28' },
        null,
      ],
      [
        'past its end date: none',
        { rule: { ...daily, endDate: '2026-03-03' }, materialisedThrough: '2026-03-03' },
        null,
      ],
    ])('%s', (_name, state, expected) => {
      expect(nextOccurrence(state)).toBe(expected);
    });
  });

  describe('watermarkOnResume: what fell due while paused is skipped', () => {
    it.each<[string, string, string | null, string, string | null]>([
      ['paused for weeks', '2026-03-01', '2026-03-05', '2026-04-10', '2026-04-09'],
      ['never materialised, started in the past', '2026-03-01', null, '2026-04-10', '2026-04-09'],
      ['resumed the day it was dealt with', '2026-03-01', '2026-04-10', '2026-04-10', '2026-04-10'],
      ['resumed the next day', '2026-03-01', '2026-04-09', '2026-04-10', '2026-04-09'],
      ['starting tomorrow: nothing to skip', '2026-04-11', null, '2026-04-10', null],
      ['starting today: today still comes', '2026-04-10', null, '2026-04-10', null],
    ])('%s', (_name, startDate, materialisedThrough, today, expected) => {
      expect(watermarkOnResume({ rule: { ...daily, startDate }, materialisedThrough }, today)).toBe(
        expected,
      );
    });
  });

  describe('previewDates', () => {
    it.each<[string, RuleProgress, number, string[]]>([
      [
        'an unsaved rule: from its start',
        progress(monthlyOn31st),
        4,
        ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30'],
      ],
      [
        'a running rule: after its watermark, due ones included',
        progress(monthlyOn31st, '2026-02-10'),
        2,
        ['2026-02-28', '2026-03-31'],
      ],
      [
        'a paused rule: from the day it would be resumed',
        progress(daily, '2026-03-02', false),
        2,
        ['2026-04-10', '2026-04-11'],
      ],
      [
        'fewer when the rule ends',
        progress({ ...daily, count: 2 }),
        5,
        ['2026-03-01', '2026-03-02'],
      ],
    ])('%s', (_name, state, count, expected) => {
      expect(previewDates(state, '2026-04-10', count)).toEqual(expected);
    });
  });
});
