import { addDays, CalendarDate } from 'src/platform/dates/calendar-date';
import { next, RecurrenceRule } from 'src/modules/expenses/recurring/recurrence';

/** Where a rule stands: its schedule, whether it runs, and how far it has been materialised. */
export interface RuleProgress {
  rule: RecurrenceRule;
  active: boolean;
  /** Every occurrence on or before this day has been dealt with; null: none yet. */
  materialisedThrough: CalendarDate | null;
}

/** One step of materialising a rule: the dates to create and where the rule stands after. */
export interface DueBatch {
  /** Occurrences after the watermark and on or before today, oldest first. */
  dates: CalendarDate[];
  /** The watermark once `dates` exist: today, or the last date when more are due. */
  materialisedThrough: CalendarDate;
  /** The first occurrence after that watermark; null when the schedule has ended. */
  nextOccurrence: CalendarDate | null;
  /** More occurrences up to today remain (a long catch-up): run another step. */
  more: boolean;
}

/**
 * The next step for a rule on `today`: at most `limit` occurrences strictly after the
 * watermark (or from the start date when there is none) and on or before today. Undefined
 * while the rule is paused or already dealt with through today. A job that missed days
 * catches up here: every occurrence since the watermark is due, each exactly once, because
 * the watermark only moves forward past dates that were created.
 */
export function dueBatch(
  progress: RuleProgress,
  today: CalendarDate,
  limit: number,
): DueBatch | undefined {
  if (!progress.active) return undefined;
  const after = lastDealtWith(progress);
  if (after >= today) return undefined;
  // One more than the limit says whether more are due and, if not, which comes next.
  const upcoming = next(progress.rule, after, limit + 1);
  const due = upcoming.filter((date) => date <= today);
  const more = due.length > limit;
  const dates = due.slice(0, limit);
  if (more) {
    return {
      dates,
      materialisedThrough: dates[dates.length - 1],
      nextOccurrence: upcoming[limit],
      more,
    };
  }
  return {
    dates,
    materialisedThrough: today,
    nextOccurrence: upcoming.find((date) => date > today) ?? null,
    more,
  };
}

/** The first occurrence still to be materialised; null when the schedule has ended. */
export function nextOccurrence(progress: Omit<RuleProgress, 'active'>): CalendarDate | null {
  return next(progress.rule, lastDealtWith(progress), 1)[0] ?? null;
}

/**
 * The watermark of a rule resumed on `today`: occurrences dated before today that were not
 * materialised — those that fell due while it was paused — are skipped, not caught up; today's
 * and later ones follow. A rule that cannot have had an occurrence yet keeps its watermark.
 */
export function watermarkOnResume(
  progress: Omit<RuleProgress, 'active'>,
  today: CalendarDate,
): CalendarDate | null {
  const yesterday = addDays(today, -1);
  const current = progress.materialisedThrough;
  if (yesterday < progress.rule.startDate) return current;
  return current !== null && current > yesterday ? current : yesterday;
}

/**
 * The next `count` dates the rule will materialise: after its watermark, or — for a paused
 * rule — after the watermark it would have if resumed today. An unsaved rule (no watermark)
 * starts at its start date, past dates included, as creating it would.
 */
export function previewDates(
  progress: RuleProgress,
  today: CalendarDate,
  count: number,
): CalendarDate[] {
  const materialisedThrough = progress.active
    ? progress.materialisedThrough
    : watermarkOnResume(progress, today);
  return next(progress.rule, lastDealtWith({ ...progress, materialisedThrough }), count);
}

/** The last day dealt with: the watermark, or the day before the start. */
function lastDealtWith(progress: Omit<RuleProgress, 'active'>): CalendarDate {
  return progress.materialisedThrough ?? addDays(progress.rule.startDate, -1);
}
