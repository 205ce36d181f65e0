import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';

export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/** The first connection, retried with exponential backoff; then a clear error. */
export async function connectWithRetry(
  dataSource: DataSource,
  policy: RetryPolicy,
  log: { warn(message: string): void },
): Promise<DataSource> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.initialize();
    } catch (error) {
      const reason = (error as Error).message;
      if (attempt >= policy.attempts) {
        throw new Error(`Could not connect to PostgreSQL after ${attempt} attempts: ${reason}`, {
          cause: error,
        });
      }
      const delay = Math.min(policy.initialDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
      log.warn(
        `PostgreSQL connection attempt ${attempt}/${policy.attempts} failed (${reason}); retrying in ${delay} ms`,
      );
      await sleep(delay);
    }
  }
}
