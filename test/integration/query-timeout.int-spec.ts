import { DataSource, QueryFailedError } from 'typeorm';
import { buildDataSourceOptions } from 'src/platform/database/data-source-options';
import { createTestDatabase, TestDatabase, withDatabase } from 'test/support/database';
import { testConfig } from 'test/support/test-config';

/**
 * pg's query_timeout answers the caller but leaves the query running on its connection. With one
 * connection in the pool, whatever the next caller gets is that connection, unless it was closed.
 */
describe('a query past DB_QUERY_TIMEOUT_MS', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    // The server would go on for 10 s: only the client-side limit (300 ms) stops the caller.
    const config = testConfig({
      DB_POOL_SIZE: '1',
      DB_QUERY_TIMEOUT_MS: '300',
      DB_STATEMENT_TIMEOUT_MS: '10000',
    });
    dataSource = await new DataSource(
      buildDataSourceOptions(config.database, database.url),
    ).initialize();
    await dataSource.query('CREATE TABLE notes (body text NOT NULL)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function backendPid(): Promise<number> {
    const [{ pid }] = await dataSource.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
    return pid;
  }

  it('fails the caller and closes its connection, so the next query gets a fresh one at once', async () => {
    const before = await backendPid();
    const stalled: unknown = await dataSource
      .query('SELECT pg_sleep(10)')
      .catch((error: unknown) => error);
    expect(stalled).toBeInstanceOf(QueryFailedError);
    expect((stalled as QueryFailedError).message).toBe('Query read timeout');
    // A reused connection would still be busy with the sleep: this query would time out too.
    expect(await backendPid()).not.toBe(before);
  });

  it('never lets a later write run inside the transaction a timed-out request left open', async () => {
    const failed = await dataSource
      .transaction(async (manager) => {
        await manager.query("INSERT INTO notes (body) VALUES ('rolled back')");
        await manager.query('SELECT pg_sleep(10)');
      })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(QueryFailedError);

    // Acknowledged outside any transaction: another session must see it, now and for good.
    await dataSource.query("INSERT INTO notes (body) VALUES ('acknowledged')");
    const seen = await withDatabase(database.url, async (client) => {
      const { rows } = await client.query<{ body: string }>('SELECT body FROM notes');
      return rows.map((row) => row.body);
    });
    expect(seen).toEqual(['acknowledged']);
  });
});
