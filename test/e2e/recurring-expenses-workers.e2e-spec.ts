import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { createApp } from 'src/bootstrap';
import { addDays, calendarDateIn } from 'src/platform/dates/calendar-date';
import { JobsService } from 'src/platform/jobs/jobs.service';
import { AppLogger } from 'src/platform/logging/app-logger';
import { occurrences, RecurrenceRule } from 'src/modules/expenses/recurring/recurrence';
import {
  MATERIALISE_RECURRING_QUEUE,
  RecurringMaterialiser,
} from 'src/modules/expenses/recurring/recurring-materialiser';
import { newUser } from 'test/support/auth';
import { createTestDatabase, TestDatabase, withDatabase } from 'test/support/database';
import { categoriesOf } from 'test/support/expenses-api';
import { createRecurringExpense } from 'test/support/recurring-expenses-api';
import { TestApp } from 'test/support/test-app';
import { testConfig } from 'test/support/test-config';

/** One more instance of the app on a shared database, with job workers on. */
async function startInstance(database: TestDatabase): Promise<TestApp> {
  const config = testConfig({ JOBS_WORKERS: 'true' });
  const app = await createApp(config, database.url, { logger: new AppLogger(config) });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  return { app, inject: fastify.inject.bind(fastify), config, database, close: () => app.close() };
}

describe('recurring expenses on two instances with job workers', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  /** Today as both instances count it (JOBS_TIMEZONE is UTC in tests). */
  const today = calendarDateIn(new Date(), 'UTC');

  /** Users, each with a few rules whose occurrences up to today are due; the count expected. */
  async function usersWithDueRules(users: number): Promise<{ ids: string[]; due: number }> {
    const schedules: RecurrenceRule[] = [
      { unit: 'day', interval: 1, startDate: addDays(today, -59) },
      { unit: 'week', interval: 1, startDate: addDays(today, -100) },
      { unit: 'month', interval: 1, startDate: addDays(today, -400), dayOfMonth: 31 },
      { unit: 'day', interval: 3, startDate: addDays(today, -30), count: 4 },
    ];
    const ids: string[] = [];
    let due = 0;
    for (let index = 0; index < users; index++) {
      const user = await newUser(a);
      const category = (await categoriesOf(a, user)).get('housing')!.id;
      for (const schedule of schedules) {
        await createRecurringExpense(a, user, {
          amount: { amount: '10.00', currency: 'EUR' },
          categoryId: category,
          ...schedule,
        });
        due += occurrences(schedule, schedule.startDate, today).length;
      }
      ids.push(user.id);
    }
    return { ids, due };
  }

  /** Expenses of these users, and how many distinct (rule, date) occurrences they are. */
  async function tally(userIds: string[]): Promise<{ expenses: number; occurrences: number }> {
    const [row] = await a.app.get(DataSource).query<{ expenses: number; occurrences: number }[]>(
      `SELECT count(*)::int AS expenses,
              count(DISTINCT (o.recurring_expense_id, o.occurs_on))::int AS occurrences
       FROM expenses e
       LEFT JOIN recurring_expense_occurrences o ON o.expense_id = e.id
       WHERE e.user_id = ANY($1)`,
      [userIds],
    );
    return row;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    [a, b] = await Promise.all([startInstance(database), startInstance(database)]);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database.drop();
  });

  it('declares one daily schedule for the cluster, read in JOBS_TIMEZONE', async () => {
    const { rows } = await withDatabase(database.url, (client) =>
      client.query(`SELECT key, cron, timezone FROM pgboss.schedule WHERE name = $1`, [
        MATERIALISE_RECURRING_QUEUE,
      ]),
    );
    expect(rows).toEqual([{ key: '', cron: '5 0 * * *', timezone: 'UTC' }]);
  });

  it('creates each due occurrence exactly once when both instances run at the same moment', async () => {
    const { ids, due } = await usersWithDueRules(4);
    expect(due).toBeGreaterThan(4 * 60);

    const runs = await Promise.all([
      a.app.get(RecurringMaterialiser).materialiseDue(),
      b.app.get(RecurringMaterialiser).materialiseDue(),
    ]);
    expect(runs.map((run) => run.failed)).toEqual([[], []]);
    expect(runs[0].created + runs[1].created).toBe(due);
    expect(await tally(ids)).toEqual({ expenses: due, occurrences: due });

    // A rerun on either instance, or both again at once, creates nothing.
    const reruns = await Promise.all([
      a.app.get(RecurringMaterialiser).materialiseDue(),
      b.app.get(RecurringMaterialiser).materialiseDue(),
    ]);
    expect(reruns.map((run) => run.created)).toEqual([0, 0]);
    expect(await tally(ids)).toEqual({ expenses: due, occurrences: due });
  }, 120_000);

  it('creates each due occurrence exactly once when both instances run the job from the queue', async () => {
    const { ids, due } = await usersWithDueRules(3);
    await Promise.all([
      a.app.get(JobsService).send(MATERIALISE_RECURRING_QUEUE, {}),
      b.app.get(JobsService).send(MATERIALISE_RECURRING_QUEUE, {}),
    ]);
    const completed = async (): Promise<number> => {
      const { rows } = await withDatabase(database.url, (client) =>
        client.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM pgboss.job WHERE name = $1 AND state = 'completed'`,
          [MATERIALISE_RECURRING_QUEUE],
        ),
      );
      return rows[0].count;
    };
    const deadline = Date.now() + 60_000;
    while ((await completed()) < 2 && Date.now() < deadline) await sleep(200);
    expect(await completed()).toBe(2);
    expect(await tally(ids)).toEqual({ expenses: due, occurrences: due });
  }, 120_000);
});
