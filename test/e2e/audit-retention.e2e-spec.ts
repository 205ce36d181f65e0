import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { JobsService } from 'src/platform/jobs/jobs.service';
import { AuditService } from 'src/modules/audit/audit.service';
import { AUDIT_PRUNE_QUEUE } from 'src/modules/audit/retention/audit-retention.job';
import { withDatabase } from 'test/support/database';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('audit retention job', () => {
  let ctx: TestApp;

  beforeAll(async () => {
    ctx = await startTestApp({ JOBS_WORKERS: 'true', AUDIT_RETENTION_DAYS: '30' });
  });

  afterAll(async () => {
    await ctx.close();
  });

  const query = <T extends object>(sql: string) =>
    withDatabase(ctx.database.url, async (client: Client) => (await client.query<T>(sql)).rows);

  it('is scheduled nightly, once for the cluster', async () => {
    expect(
      await query(`SELECT cron FROM pgboss.schedule WHERE name = '${AUDIT_PRUNE_QUEUE}'`),
    ).toEqual([{ cron: '17 3 * * *' }]);
  });

  it('prunes through the audit service when it runs, keeping the chain verifiable', async () => {
    await ctx.app.get(JobsService).send(AUDIT_PRUNE_QUEUE, {});
    let states: { state: string }[] = [];
    for (let waited = 0; waited < 15_000; waited += 200) {
      states = await query<{ state: string }>(
        `SELECT state FROM pgboss.job WHERE name = '${AUDIT_PRUNE_QUEUE}'`,
      );
      if (states.some((job) => job.state === 'completed')) break;
      await sleep(200);
    }
    expect(states).toContainEqual({ state: 'completed' });
    expect(await ctx.app.get(AuditService).verifyChain()).toMatchObject({ valid: true });
  });

  it('is not scheduled when retention is off', async () => {
    const keepForever = await startTestApp({ JOBS_WORKERS: 'true', AUDIT_RETENTION_DAYS: '0' });
    try {
      const rows = await withDatabase(
        keepForever.database.url,
        async (client: Client) =>
          (
            await client.query<{ cron: string }>(
              `SELECT cron FROM pgboss.schedule WHERE name = '${AUDIT_PRUNE_QUEUE}'`,
            )
          ).rows,
      );
      expect(rows).toEqual([]);
    } finally {
      await keepForever.close();
    }
  });
});
