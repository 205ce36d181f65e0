import { Client } from 'pg';
import { startTestApp, TestApp } from 'test/support/test-app';
import { withDatabase } from 'test/support/database';

async function demoUsers(
  url: string,
): Promise<{ email: string; is_demo: boolean; password_hash: string }[]> {
  return withDatabase(url, async (client: Client) => {
    const result = await client.query<{ email: string; is_demo: boolean; password_hash: string }>(
      'SELECT email, is_demo, password_hash FROM users',
    );
    return result.rows;
  });
}

describe('demo data', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  it('creates one labelled demo account on an empty database, with a hashed password', async () => {
    const ctx = await startTestApp({ DEMO_DATA: 'true', DEMO_PASSWORD: 'a-demo-password-42' });
    apps.push(ctx);
    const users = await demoUsers(ctx.database.url);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ email: 'demo@ledgerline.local', is_demo: true });
    // argon2id with the configured parameters (the test configuration's lighter ones).
    expect(users[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=4096,p=1,t=1\$/);
    expect(users[0].password_hash).not.toContain('a-demo-password-42');
    const login = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'demo@ledgerline.local', password: 'a-demo-password-42' },
    });
    expect(login.statusCode).toBe(200);

    const expenses = await withDatabase(ctx.database.url, async (client: Client) => {
      const result = await client.query<{
        count: number;
        categories: number;
        currencies: string[];
        sources: string[];
        months: number;
      }>(
        `SELECT count(*)::int AS count, count(DISTINCT category_id)::int AS categories,
                array_agg(DISTINCT currency::text ORDER BY currency::text) AS currencies,
                array_agg(DISTINCT coalesce(fx_source, 'missing') ORDER BY coalesce(fx_source, 'missing')) AS sources,
                count(DISTINCT date_trunc('month', spent_on))::int AS months
         FROM expenses`,
      );
      return result.rows[0];
    });
    expect(expenses.count).toBeGreaterThan(100);
    expect(expenses.categories).toBeGreaterThanOrEqual(8);
    expect(expenses.currencies).toEqual(['EUR', 'GBP', 'USD']);
    // No rates in a fresh database, and no internet needed: the demo brings its own, so
    // pounds are converted at ECB rates; dollars carry the user's rate.
    expect(expenses.sources).toEqual(['ECB', 'IDENTITY', 'USER']);
    expect(expenses.months).toBeGreaterThanOrEqual(4);

    const pounds = await withDatabase(ctx.database.url, async (client: Client) => {
      const result = await client.query<{ date: string; rate_date: string; rate: string }>(
        `SELECT to_char(spent_on, 'YYYY-MM-DD') AS date, to_char(fx_rate_date, 'YYYY-MM-DD') AS rate_date,
                fx_rate::text AS rate
         FROM expenses WHERE currency = 'GBP' ORDER BY spent_on, payee`,
      );
      return result.rows;
    });
    expect(pounds).toHaveLength(4);
    for (const pound of pounds) {
      expect(pound.rate_date).toBe(pound.date);
      expect(Number(pound.rate)).toBeGreaterThan(1.1);
    }
    const rates = await withDatabase(ctx.database.url, async (client: Client) => {
      const result = await client.query<{ count: number; first: string; last: string }>(
        `SELECT count(*)::int AS count, to_char(min(rate_date), 'YYYY-MM-DD') AS first,
                to_char(max(rate_date), 'YYYY-MM-DD') AS last
         FROM fx_rates WHERE source = 'ECB'`,
      );
      return result.rows[0];
    });
    expect(rates).toEqual({ count: 770, first: '2026-01-02', last: '2026-04-13' });
  });

  it('creates nothing when demo data is switched off', async () => {
    const ctx = await startTestApp({ DEMO_DATA: 'false' });
    apps.push(ctx);
    expect(await demoUsers(ctx.database.url)).toEqual([]);
  });
});
