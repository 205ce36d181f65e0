import { OnApplicationShutdown } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';

/** Each wait of a readiness query; well under the kubelet's default 1 s probe timeout. */
export const DATABASE_PROBE_TIMEOUT_MS = 300;

/** Two, so that the kubelet's probe and a monitor's never wait for each other. */
const PROBE_CONNECTIONS = 2;

/**
 * A pool of its own for the readiness checks, apart from the one requests use: when traffic
 * has every request connection waiting on a stalled server, a probe would otherwise queue
 * behind it and answer only after the traffic's own timeouts. Every wait here (a free
 * connection, a new one, the query) is bounded by the probe's timeout, and a connection whose
 * query failed or timed out is closed rather than kept, so a stall cannot outlive itself here.
 */
export class DatabaseProbe implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(url: string, timeoutMs: number) {
    this.pool = new Pool({
      connectionString: url,
      max: PROBE_CONNECTIONS,
      // One connection stays open, so that a probe does not pay for a new one every time.
      min: 1,
      idleTimeoutMillis: 60_000,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      statement_timeout: timeoutMs,
      application_name: 'ledgerline-probe',
    });
    // An idle connection that breaks (the server restarted) is dropped by the pool; without a
    // listener the pool's error event would end the process.
    this.pool.on('error', () => undefined);
  }

  /** The rows of one query, or a rejection within the probe's timeout (plus a little). */
  async query<Row>(sql: string, parameters: unknown[] = []): Promise<Row[]> {
    const client: PoolClient = await this.pool.connect();
    let failure: Error | undefined;
    try {
      return (await client.query(sql, parameters)).rows as Row[];
    } catch (error) {
      failure = error as Error;
      throw error;
    } finally {
      client.release(failure);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
