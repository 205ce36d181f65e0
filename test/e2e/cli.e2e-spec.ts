import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AuditService } from 'src/modules/audit/audit.service';
import { RecordedAuditEvent } from 'src/modules/audit/audit.types';
import { newUser } from 'test/support/auth';
import { withDatabase } from 'test/support/database';
import {
  countCsvRates,
  ECB_FIXTURES,
  ecbHistoryZip,
  fixture,
  SHARED_ECB_HISTORY,
  sharedEcbHistoryCsv,
} from 'test/support/ecb-files';
import { call, categoriesOf, createExpense, ExpenseBody } from 'test/support/expenses-api';
import { runTs } from 'test/support/run-ts';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('npm run cli', () => {
  let ctx: TestApp;
  let recorded: RecordedAuditEvent[];

  const env = () => ({
    NODE_ENV: 'test',
    DATABASE_URL: ctx.database.url,
    DB_CONNECT_ATTEMPTS: '1',
    LOG_LEVEL: '',
  });
  const cli = (...args: string[]) => runTs('src/cli.ts', args, env());
  const cliWithInput = (input: string, ...args: string[]) =>
    runTs('src/cli.ts', args, env(), input);

  beforeAll(async () => {
    ctx = await startTestApp();
    const audit = ctx.app.get(AuditService);
    recorded = [];
    for (const resourceId of ['e-1', 'e-2', 'e-3']) {
      recorded.push(
        await audit.recordStandalone({
          action: 'expense.created',
          resourceType: 'expense',
          resourceId,
        }),
      );
    }
  });

  afterAll(async () => {
    await ctx.close();
  });

  it('audit:verify exits 0 and says so when the chain is intact', async () => {
    const result = await cli('audit:verify');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      `Audit chain intact: 3 event(s) verified; newest hash ${recorded[2].hash}\n`,
    );
  }, 60_000);

  it('audit:verify exits 1 and names the first broken event after tampering', async () => {
    await setResourceId(recorded[1].id, 'e-forged');
    try {
      await expectBrokenAtSecondEvent();
    } finally {
      await setResourceId(recorded[1].id, 'e-2');
    }
    expect((await cli('audit:verify')).code).toBe(0);
  }, 60_000);

  it('audit:prune applies the retention and reports what it did', async () => {
    const result = await cli('audit:prune', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ deleted: 0, throughSequence: null });
  }, 60_000);

  /** As the table owner, past the append-only trigger. */
  function setResourceId(id: string, resourceId: string): Promise<void> {
    return withDatabase(ctx.database.url, async (client: Client) => {
      await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await client.query('UPDATE audit_events SET resource_id = $2 WHERE id = $1', [
        id,
        resourceId,
      ]);
      await client.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    });
  }

  async function expectBrokenAtSecondEvent(): Promise<void> {
    const json = await cli('audit:verify', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      valid: false,
      checked: 2,
      firstBrokenEventId: recorded[1].id,
      firstBrokenSequence: recorded[1].sequence,
      reason: 'hash_mismatch',
    });

    const text = await cli('audit:verify');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`Audit chain BROKEN at event ${recorded[1].id}`);
    expect(text.stdout).toContain('the event was altered');
  }

  it('answers an unknown command with the list of commands and exit 1', async () => {
    const result = await cli('audit:frobnicate');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown command "audit:frobnicate"');
    expect(result.stderr).toContain('audit:verify');
    expect(result.stdout).toBe('');
  }, 60_000);

  it('refuses invalid configuration with the server’s exit code, naming the variable', async () => {
    const result = await runTs('src/cli.ts', ['audit:verify'], { AUDIT_RETENTION_DAYS: '-5' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('AUDIT_RETENTION_DAYS');
  }, 60_000);

  describe('users:create-admin', () => {
    const email = 'first-admin@example.org';
    const account = () =>
      withDatabase(ctx.database.url, async (client: Client) => {
        const result = await client.query<{ role: string; status: string; password_hash: string }>(
          'SELECT role, status, password_hash FROM users WHERE email = $1',
          [email],
        );
        return result.rows[0];
      });

    it('creates an administrator with the password read from stdin, who can log in', async () => {
      const password = 'a sturdy admin passphrase 2026';
      const result = await cliWithInput(`${password}\n`, 'users:create-admin', '--email', email);
      expect(result).toMatchObject({ code: 0, stdout: `Administrator ${email} created\n` });
      expect(await account()).toMatchObject({ role: 'admin', status: 'active' });
      expect((await account()).password_hash).toMatch(/^\$argon2id\$/);
      const login = await ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
      });
      expect(login.statusCode).toBe(200);
      // Running it again for an existing account promotes it and leaves its password alone.
      const again = await cliWithInput(
        'ignored-password-x\n',
        'users:create-admin',
        '--email',
        email,
      );
      expect(again).toMatchObject({ code: 0, stdout: `Administrator ${email} promoted\n` });
    }, 60_000);

    it('refuses a weak password and a missing or malformed email, creating nothing', async () => {
      const weak = await cliWithInput(
        'password123\n',
        'users:create-admin',
        '--email',
        'weak-admin@example.org',
      );
      expect(weak.code).toBe(1);
      expect(weak.stderr).toMatch(/at least 12 characters/);
      expect((await cliWithInput('x\n', 'users:create-admin')).stderr).toMatch(/--email/);
      expect((await cliWithInput('x\n', 'users:create-admin', '--email', 'nope')).code).toBe(1);
      const count = await withDatabase(ctx.database.url, async (client: Client) =>
        Number(
          (
            await client.query<{ n: string }>(
              `SELECT count(*) n FROM users WHERE email = 'weak-admin@example.org'`,
            )
          ).rows[0].n,
        ),
      );
      expect(count).toBe(0);
    }, 60_000);
  });

  describe('fx:import', () => {
    let files: string;
    beforeAll(() => {
      files = mkdtempSync(join(tmpdir(), 'ledgerline-fx-import-'));
    });
    afterAll(() => {
      rmSync(files, { recursive: true, force: true });
    });

    it('stores the rates of the ECB zip, converts the expenses that waited, and says what it did', async () => {
      const user = await newUser(ctx);
      const travel = (await categoriesOf(ctx, user)).get('travel')!.id;
      const waiting = await createExpense(ctx, user, {
        amount: { amount: '116.84', currency: 'USD' },
        date: '2026-04-13',
        categoryId: travel,
      });
      expect(waiting.fx).toMatchObject({
        status: 'missing',
        reason: 'no-rate',
        detail:
          'No USD→EUR rate is stored for 2026-04-13 or the 7 days before it: this installation ' +
          'has no exchange rates yet (import them with `npm run cli -- fx:import FILE` or wait ' +
          'for the daily ECB refresh)',
      });

      const dinars = await createExpense(ctx, user, {
        amount: { amount: '5.000', currency: 'KWD' },
        date: '2026-04-13',
        categoryId: travel,
      });
      expect(dinars.fx.detail).toContain('this installation has no exchange rates yet');

      const zip = join(files, 'eurofxref-hist.zip');
      writeFileSync(zip, ecbHistoryZip(fixture('eurofxref-hist.csv')));
      const result = await cli('fx:import', zip);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe(
        [
          'Imported ECB rates from eurofxref-hist.zip: 27 received, 27 inserted, 0 updated, 0 unchanged',
          'Dates: 2026-04-01 to 2026-04-13 (7 publication days)',
          'Currencies (4): GBP, ISK, JPY, USD',
          'Expenses waiting for a rate: 1 converted, 1 still without one',
          '',
        ].join('\n'),
      );
      const read = await call(ctx, user, 'GET', `/api/v1/expenses/${waiting.id}`);
      expect(read.json<ExpenseBody>()).toMatchObject({
        baseAmount: { amount: '100.00', currency: 'EUR' },
        fx: { status: 'converted', source: 'ECB', rateDate: '2026-04-13' },
      });
      // Still no rate for dinars, but the reason is no longer that there are no rates at all.
      const stillMissing = await call(ctx, user, 'GET', `/api/v1/expenses/${dinars.id}`);
      expect(stillMissing.json<ExpenseBody>().fx).toMatchObject({
        status: 'missing',
        reason: 'no-rate',
        detail:
          'No KWD→EUR rate is stored for 2026-04-13 or the 7 days before it: this ' +
          "installation's ECB rates (2026-04-01 to 2026-04-13) include none for KWD",
      });
    }, 60_000);

    it('reads the CSV inside the zip too, and a second import inserts nothing', async () => {
      const result = await cli('fx:import', join(ECB_FIXTURES, 'eurofxref-hist.csv'), '--json');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        source: 'ECB',
        received: 27,
        inserted: 0,
        updated: 0,
        unchanged: 27,
        firstDate: '2026-04-01',
        lastDate: '2026-04-13',
        days: 7,
        currencies: ['GBP', 'ISK', 'JPY', 'USD'],
        filled: { filled: 0, stillMissing: 1, reworded: 0 },
      });
    }, 60_000);

    it('refuses a missing file, a file that is no ECB history, and no file at all', async () => {
      const missing = await cli('fx:import', join(files, 'nothing-here.zip'));
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('cannot open');
      expect(missing.stderr).toContain('ENOENT');

      const wrong = join(files, 'rates.csv');
      writeFileSync(wrong, 'day,rate\n2026-04-13,1.1\n');
      const refused = await cli('fx:import', wrong);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('rates.csv: the first column is not "Date"');

      const none = await cli('fx:import');
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('Usage: fx:import FILE');
    }, 60_000);

    const sharedCsv = sharedEcbHistoryCsv();
    // The real history is in ../shared beside the project: the team and CI have it, a plain clone does not.
    const describeWithHistory = sharedCsv ? describe : describe.skip;
    describeWithHistory(
      sharedCsv
        ? 'the real ECB history'
        : `the real ECB history (skipped: ${SHARED_ECB_HISTORY} is absent)`,
      () => {
        it('imports 1999 to 2026-04-13 from the CSV, keeping the rates already stored', async () => {
          const csv = join(files, 'eurofxref-hist.csv');
          writeFileSync(csv, sharedCsv!);
          const result = await cli('fx:import', csv, '--json');
          expect(result.code).toBe(0);
          const summary = JSON.parse(result.stdout) as Record<string, unknown>;
          expect(summary).toMatchObject({
            received: countCsvRates(sharedCsv!),
            firstDate: '1999-01-04',
            lastDate: '2026-04-13',
            days: 6983,
          });
          // The fixture's 27 rates are the ECB's own values: already stored, left unchanged.
          expect(summary.inserted).toBe(countCsvRates(sharedCsv!) - 27);
          expect(summary.unchanged).toBe(27);
          expect(summary.currencies).toEqual(expect.arrayContaining(['USD', 'GBP', 'RUB', 'BGN']));
        }, 120_000);
      },
    );
  });
});
