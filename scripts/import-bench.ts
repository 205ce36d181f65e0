import 'reflect-metadata';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { createApp } from 'src/bootstrap';
import { addDays } from 'src/platform/dates/calendar-date';
import { startDatabaseServer } from 'src/platform/database/database-server';
import { AppLogger } from 'src/platform/logging/app-logger';
import { UsersService } from 'src/modules/auth/users/users.service';
import { DEFAULT_CATEGORIES } from 'src/modules/expenses/categories/default-categories';

/**
 * Times a CSV import of IMPORT_BENCH_ROWS rows (50,000 by default) through the whole HTTP
 * pipeline, in process (`npm run bench:import`): the dry run, the commit, the same file again
 * (every row a duplicate), an export of everything, and the undo. On a PostgreSQL of its own in
 * a temporary folder; nothing else runs, so run it when the machine is quiet.
 */
const ROWS = Number(process.env.IMPORT_BENCH_ROWS ?? 50_000);
const PASSWORD = 'bench-orchid-lantern-0451';

/** A card statement: a year of days, three currencies, 2,000 payees, the default categories. */
function statement(rows: number): string {
  const lines = ['Date,Payee,Amount,Currency,Category,Note'];
  for (let i = 0; i < rows; i++) {
    const currency = i % 7 === 0 ? 'GBP' : i % 4 === 0 ? 'USD' : 'EUR';
    const cents = String((i * 37) % 100).padStart(2, '0');
    lines.push(
      [
        addDays('2025-01-01', i % 365),
        `"Shop ${i % 2000}, branch ${i % 13}"`,
        `${(i % 997) + 1}.${cents}`,
        currency,
        DEFAULT_CATEGORIES[i % DEFAULT_CATEGORIES.length].name,
        i % 5 === 0 ? `note ${i}` : '',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** ECB-style rates per EUR for every day of 2025 (the writer reads them from one table). */
async function insertRates(dataSource: DataSource): Promise<void> {
  const days = Array.from({ length: 366 }, (_, i) => addDays('2024-12-31', i));
  await dataSource.query(
    `INSERT INTO fx_rates (source, quote_currency, rate_date, rate, fetched_at)
     SELECT 'ECB', r.currency, r.rate_date, r.rate, now()
     FROM unnest($1::varchar[], $2::date[], $3::numeric[]) AS r(currency, rate_date, rate)`,
    [
      days.flatMap(() => ['USD', 'GBP']),
      days.flatMap((day) => [day, day]),
      days.flatMap((_, i) => [
        (1.05 + (i % 10) / 100).toFixed(4),
        (0.84 + (i % 5) / 100).toFixed(4),
      ]),
    ],
  );
}

async function timed<T>(
  results: [string, number, string][],
  what: string,
  work: () => Promise<T>,
  describe: (result: T) => string,
): Promise<T> {
  const started = performance.now();
  const result = await work();
  results.push([what, performance.now() - started, describe(result)]);
  return result;
}

async function run(app: NestFastifyApplication): Promise<[string, number, string][]> {
  const fastify = app.getHttpAdapter().getInstance();
  await insertRates(app.get(DataSource));
  await app.get(UsersService).create({
    email: 'bench@example.org',
    password: PASSWORD,
    displayName: 'Bench',
    role: 'user',
    emailVerifiedAt: new Date(),
  });
  const login = await fastify.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'bench@example.org', password: PASSWORD },
  });
  const headers = { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` };
  const csv = statement(ROWS);
  const mapping = new URLSearchParams({
    dateColumn: 'Date',
    payeeColumn: 'Payee',
    amountColumn: 'Amount',
    currencyColumn: 'Currency',
    categoryColumn: 'Category',
    noteColumn: 'Note',
  });
  const upload = async (dryRun: boolean) => {
    const response = await fastify.inject({
      method: 'POST',
      url: `/api/v1/expense-imports?${mapping.toString()}&dryRun=${dryRun}`,
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: csv,
    });
    if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${response.body}`);
    return response.json<{
      totals: { toCreate: number; duplicates: number };
      import: { id: string } | null;
    }>();
  };
  const results: [string, number, string][] = [];
  const size = `${(Buffer.byteLength(csv) / 1024 / 1024).toFixed(1)} MiB`;
  await timed(
    results,
    `dry run (${size})`,
    () => upload(true),
    (r) => `${r.totals.toCreate} to create`,
  );
  const committed = await timed(
    results,
    'commit',
    () => upload(false),
    (r) => `${r.totals.toCreate} created`,
  );
  await timed(
    results,
    'same file again',
    () => upload(false),
    (r) => `${r.totals.duplicates} duplicates`,
  );
  // Autovacuum analyses the table within a minute of a bulk write; until then the planner
  // thinks it is empty and walks every page of the export with a sort. Measure the export the
  // way it runs once it has.
  await app.get(DataSource).query('ANALYZE expenses');
  await timed(
    results,
    'export of everything',
    () => fastify.inject({ method: 'GET', url: '/api/v1/expenses/export.csv', headers }),
    (r) => `${r.body.split('\r\n').length - 2} rows, ${r.statusCode}`,
  );
  await timed(
    results,
    'undo',
    () =>
      fastify.inject({
        method: 'POST',
        url: `/api/v1/expense-imports/${committed.import!.id}/undo`,
        headers,
      }),
    (r) => `${r.json<{ deleted: number }>().deleted} deleted`,
  );
  return results;
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'ledgerline-import-bench-'));
  await chmod(scratch, 0o755);
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    METRICS_ACCESS: 'off',
    RATE_LIMIT_ENABLED: 'false',
    JOBS_WORKERS: 'false',
    EMBEDDED_PG_DATA_DIR: join(scratch, 'pg'),
  });
  const database = await startDatabaseServer(config.database, {
    log: () => undefined,
    whenInUse: 'refuse',
  });
  try {
    const app = await createApp(config, database.url, { logger: new AppLogger(config) });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const results = await run(app);
    await app.close();
    process.stdout.write(`\nCSV import of ${ROWS} rows, in process (app.inject)\n\n`);
    process.stdout.write('| step | seconds | result |\n| --- | --: | --- |\n');
    for (const [what, ms, result] of results) {
      process.stdout.write(`| ${what} | ${(ms / 1000).toFixed(2)} | ${result} |\n`);
    }
  } finally {
    await database.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

void main();
