import { addDays, CalendarDate, parseCalendarDate } from 'src/platform/dates/calendar-date';
import { ExpenseInput } from 'src/modules/expenses/expense-writer.service';

/** A demo expense before it has a category id: the default category's key instead. */
export type DemoExpense = Omit<ExpenseInput, 'categoryId'> & { category: string };

/** The same sample every time for the same day: a small linear congruential generator. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Cents as a decimal string: demo amounts are built from integers, never from floats. */
function euros(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/**
 * About four months of one person's spending up to `today`: rent and bills monthly, weekly
 * groceries, coffee and meals out, transport, and a trip abroad paid in pounds (converted at
 * the reference rates) and in dollars (with the rate from the card statement, source USER).
 * The pound trip is 45 days ago, or two weeks before `ratesThrough` (the last day of the rates
 * the demo brings) when that is earlier, so that it converts on an installation without others.
 */
export function demoExpenses(today: CalendarDate, ratesThrough: CalendarDate): DemoExpense[] {
  const random = generator(20_260_101);
  const between = (low: number, high: number): number =>
    low + Math.floor(random() * (high - low + 1));
  const expenses: DemoExpense[] = [];
  const start = addDays(today, -120);

  for (let date = start; date <= today; date = addDays(date, 1)) {
    const { day } = parseCalendarDate(date);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const eur = (category: string, cents: number, payee: string, tags: string[] = []): void => {
      expenses.push({ category, amount: euros(cents), currency: 'EUR', date, payee, tags });
    };
    if (day === 1) {
      eur('housing', 95_000, 'Landlord', ['rent']);
      eur('utilities', between(4_500, 7_500), 'City Power', ['electricity']);
      eur('utilities', 3_999, 'FiberNet', ['internet']);
      eur('insurance', 2_450, 'Allsure', ['health insurance']);
    }
    if (day === 15) eur('entertainment', 1_399, 'StreamFlix', ['subscription']);
    if (weekday === 6) eur('groceries', between(5_500, 9_500), 'FreshMart', ['weekly shop']);
    if (weekday >= 1 && weekday <= 5 && random() < 0.6) {
      eur('dining', between(280, 450), random() < 0.5 ? 'Blue Bottle Coffee' : 'Corner Café', [
        'coffee',
      ]);
    }
    if (weekday === 5 && random() < 0.7) {
      eur('dining', between(2_400, 6_800), 'Trattoria Roma', ['dinner']);
    }
    if (weekday === 1) eur('transport', between(1_800, 2_600), 'Metro card top-up', ['commute']);
    if (random() < 0.05) eur('shopping', between(1_500, 12_000), 'Bookshop & Co', ['books']);
    if (random() < 0.03) eur('health', between(900, 4_500), 'Pharmacy', []);
  }

  const sixWeeksAgo = addDays(today, -45);
  const withinRates = addDays(ratesThrough, -14);
  const trip = sixWeeksAgo < withinRates ? sixWeeksAgo : withinRates;
  expenses.push(
    {
      category: 'travel',
      amount: '184.00',
      currency: 'GBP',
      date: trip,
      payee: 'Thameside Hotel',
      tags: ['london trip'],
    },
    {
      category: 'transport',
      amount: '36.40',
      currency: 'GBP',
      date: trip,
      payee: 'Heathrow Express',
      tags: ['london trip'],
    },
    {
      category: 'dining',
      amount: '42.75',
      currency: 'GBP',
      date: addDays(trip, 1),
      payee: 'The Crown',
      tags: ['london trip'],
    },
    {
      category: 'entertainment',
      amount: '28.00',
      currency: 'GBP',
      date: addDays(trip, 1),
      payee: 'West End theatre',
      tags: ['london trip'],
    },
  );
  const conference = addDays(today, -20);
  expenses.push(
    {
      category: 'travel',
      amount: '612.30',
      currency: 'USD',
      date: conference,
      payee: 'Harbor Hotel',
      tags: ['conference'],
      note: 'Three nights',
      fxRate: '0.9214',
    },
    {
      category: 'dining',
      amount: '48.90',
      currency: 'USD',
      date: addDays(conference, 1),
      payee: 'Diner on 5th',
      tags: ['conference'],
      fxRate: '0.9214',
    },
    {
      category: 'transport',
      amount: '32.15',
      currency: 'USD',
      date: addDays(conference, 2),
      payee: 'Yellow Cab',
      tags: ['conference'],
      fxRate: '0.9214',
    },
  );
  return expenses.filter((expense) => expense.date <= today);
}
