import { DataSource } from 'typeorm';
import { connectWithRetry } from 'src/platform/database/connect-with-retry';

function flakyDataSource(failures: number): { dataSource: DataSource; attempts: () => number } {
  let calls = 0;
  const dataSource = {
    initialize: () => {
      calls++;
      return calls <= failures
        ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'))
        : Promise.resolve(dataSource);
    },
  } as unknown as DataSource;
  return { dataSource, attempts: () => calls };
}

describe('connectWithRetry', () => {
  const policy = { attempts: 4, initialDelayMs: 1, maxDelayMs: 4 };

  it('retries with growing delays and logs each failed attempt', async () => {
    const { dataSource, attempts } = flakyDataSource(2);
    const warnings: string[] = [];
    await expect(
      connectWithRetry(dataSource, policy, { warn: (line) => warnings.push(line) }),
    ).resolves.toBe(dataSource);
    expect(attempts()).toBe(3);
    expect(warnings).toEqual([
      'PostgreSQL connection attempt 1/4 failed (connect ECONNREFUSED 127.0.0.1:5432); retrying in 1 ms',
      'PostgreSQL connection attempt 2/4 failed (connect ECONNREFUSED 127.0.0.1:5432); retrying in 2 ms',
    ]);
  });

  it('gives up after the last attempt with a clear error', async () => {
    const { dataSource, attempts } = flakyDataSource(10);
    await expect(connectWithRetry(dataSource, policy, { warn: () => undefined })).rejects.toThrow(
      'Could not connect to PostgreSQL after 4 attempts: connect ECONNREFUSED 127.0.0.1:5432',
    );
    expect(attempts()).toBe(4);
  });
});
