import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { AuditModule } from 'src/modules/audit/audit.module';
import { AuditService } from 'src/modules/audit/audit.service';
import { RecordedAuditEvent } from 'src/modules/audit/audit.types';
import { GENESIS_HASH } from 'src/modules/audit/chain/event-hash';
import { Clock } from 'src/platform/clock/clock';
import { requestContext } from 'src/platform/logging/request-context';
import { withDatabase } from 'test/support/database';
import { factory } from 'test/support/factories';
import { FakeClock } from 'test/support/fake-clock';
import { startTestContext, TestContext } from 'test/support/test-context';

const USER = '5a1d7c2e-3b4f-4e6a-8c9d-0e1f2a3b4c5d';
const DAY_MS = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00.000Z');

interface EventRow {
  sequence: string;
  id: string;
  occurred_at: Date;
  action: string;
  prev_hash: string;
  hash: string;
}

describe('audit trail on PostgreSQL', () => {
  let ctx: TestContext;
  let audit: AuditService;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock(NOW);
    ctx = await startTestContext([AuditModule], {
      env: { AUDIT_RETENTION_DAYS: '30' },
      overrides: [[Clock, clock]],
    });
    audit = ctx.moduleRef.get(AuditService);
  });

  afterEach(async () => {
    await ctx.close();
  });

  function events(): Promise<EventRow[]> {
    return ctx.dataSource.query<EventRow[]>(
      'SELECT sequence, id, occurred_at, action, prev_hash, hash FROM audit_events ORDER BY sequence',
    );
  }

  /** As the table owner, with the append-only trigger off: what an intruder with rights could do. */
  function tamper(sql: string, parameters: unknown[] = []): Promise<void> {
    return withDatabase(ctx.database.url, async (client: Client) => {
      await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await client.query(sql, parameters);
      await client.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    });
  }

  async function recordSeveral(count: number, stepMs = 1000): Promise<RecordedAuditEvent[]> {
    const recorded: RecordedAuditEvent[] = [];
    for (let index = 0; index < count; index++) {
      recorded.push(
        await audit.recordStandalone(factory.auditEventInput({ resourceId: `e-${index}` })),
      );
      clock.advance(stepMs);
    }
    return recorded;
  }

  function insertUser(manager: EntityManager, email: string): Promise<unknown> {
    return manager.query(
      `INSERT INTO users (email, display_name, password_hash) VALUES ($1, 'Someone', 'x')`,
      [email],
    );
  }

  describe('in the caller’s transaction', () => {
    it('commits with the change it records', async () => {
      await ctx.dataSource.transaction(async (manager) => {
        await insertUser(manager, 'kept@example.com');
        await audit.record(
          manager,
          factory.auditEventInput({ action: 'account.registered', resourceType: 'user' }),
        );
      });
      expect(await ctx.dataSource.query('SELECT email FROM users')).toEqual([
        { email: 'kept@example.com' },
      ]);
      expect((await events()).map((row) => row.action)).toEqual(['account.registered']);
    });

    it('rolls back with it, leaving no event and no gap in the chain', async () => {
      await expect(
        ctx.dataSource.transaction(async (manager) => {
          await insertUser(manager, 'lost@example.com');
          await audit.record(
            manager,
            factory.auditEventInput({ action: 'account.registered', resourceType: 'user' }),
          );
          throw new Error('the change failed after all');
        }),
      ).rejects.toThrow('the change failed after all');
      expect(await ctx.dataSource.query('SELECT email FROM users')).toEqual([]);
      expect(await events()).toEqual([]);

      await audit.recordStandalone(factory.auditEventInput());
      const [first] = await events();
      expect(first.prev_hash).toBe(GENESIS_HASH);
      await expect(audit.verifyChain()).resolves.toMatchObject({ valid: true, checked: 1 });
    });

    it('stores exactly what it hashed: the clock’s time, the request’s actor and origin', async () => {
      const recorded = await requestContext.run(
        {
          id: 'req-int-1',
          ip: '2001:db8::7',
          headers: { 'user-agent': 'Mozilla/5.0 (X11) ünïcødé 😀' },
          principal: { kind: 'user', userId: USER, role: 'user' },
        },
        () =>
          audit.recordStandalone(
            factory.auditEventInput({
              details: { amount: '12.50', nested: { at: new Date(NOW), ratio: 0.1 } },
            }),
          ),
      );
      const [row] = await ctx.dataSource.query<Record<string, unknown>[]>(
        'SELECT * FROM audit_events',
      );
      expect(row).toMatchObject({
        id: recorded.id,
        occurred_at: NOW,
        actor_type: 'user',
        actor_id: USER,
        request_id: 'req-int-1',
        ip: '2001:db8::7',
        user_agent: 'Mozilla/5.0 (X11) ünïcødé 😀',
        subject_user_id: USER,
        details: { amount: '12.50', nested: { at: NOW.toISOString(), ratio: 0.1 } },
        hash: recorded.hash,
      });
      await expect(audit.verifyChain()).resolves.toEqual({
        valid: true,
        checked: 1,
        headHash: recorded.hash,
      });
    });
  });

  describe('append-only', () => {
    beforeEach(async () => {
      await recordSeveral(2);
    });

    it.each([
      [
        'UPDATE',
        `UPDATE audit_events SET action = 'expense.deleted'`,
        /append-only: UPDATE refused/,
      ],
      ['DELETE', 'DELETE FROM audit_events', /append-only: DELETE refused/],
      ['TRUNCATE', 'TRUNCATE audit_events', /append-only: TRUNCATE refused/],
    ])('refuses %s with a clear error', async (_, sql, message) => {
      await expect(ctx.dataSource.query(sql)).rejects.toThrow(message);
      expect(await events()).toHaveLength(2);
    });

    it('lets the prune setting delete only events older than its cut-off', async () => {
      await expect(
        ctx.dataSource.transaction(async (manager) => {
          await manager.query(`SELECT set_config('ledgerline.audit_prune_before', $1, true)`, [
            NOW.toISOString(),
          ]);
          await manager.query('DELETE FROM audit_events');
        }),
      ).rejects.toThrow(/pruning may delete only events older than/);
      expect(await events()).toHaveLength(2);
    });

    it('keeps the setting to the transaction that set it', async () => {
      await ctx.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT set_config('ledgerline.audit_prune_before', $1, true)`, [
          new Date(NOW.getTime() + DAY_MS).toISOString(),
        ]);
      });
      await expect(ctx.dataSource.query('DELETE FROM audit_events')).rejects.toThrow(
        /append-only: DELETE refused/,
      );
    });

    it('guards the prune anchors the same way', async () => {
      await ctx.dataSource.query(
        `INSERT INTO audit_chain_anchors (through_sequence, hash, pruned_count, cutoff, created_at)
         VALUES (1, $1, 1, now(), now())`,
        ['a'.repeat(64)],
      );
      await expect(
        ctx.dataSource.query(`UPDATE audit_chain_anchors SET hash = $1`, ['b'.repeat(64)]),
      ).rejects.toThrow(/audit_chain_anchors is append-only: UPDATE refused/);
      await expect(ctx.dataSource.query('DELETE FROM audit_chain_anchors')).rejects.toThrow(
        /audit_chain_anchors is append-only: DELETE refused/,
      );
      await expect(ctx.dataSource.query('TRUNCATE audit_chain_anchors')).rejects.toThrow(
        /audit_chain_anchors is append-only: TRUNCATE refused/,
      );
    });
  });

  describe('hash chain', () => {
    it('stays one unbroken chain when many transactions record at once', async () => {
      const writers = 30;
      await Promise.all(
        Array.from({ length: writers }, (_, index) =>
          ctx.dataSource.transaction(async (manager) => {
            await insertUser(manager, `writer-${index}@example.com`);
            // Overlap the transactions so that they really contend for the chain.
            await manager.query('SELECT pg_sleep(0.02)');
            await audit.record(manager, factory.auditEventInput({ resourceId: `writer-${index}` }));
          }),
        ),
      );
      const rows = await events();
      expect(rows).toHaveLength(writers);
      expect(rows[0].prev_hash).toBe(GENESIS_HASH);
      rows.slice(1).forEach((row, index) => expect(row.prev_hash).toBe(rows[index].hash));
      await expect(audit.verifyChain()).resolves.toEqual({
        valid: true,
        checked: writers,
        headHash: rows[writers - 1].hash,
      });
    });

    it('cannot fork: two events never follow the same one', async () => {
      const [first] = await recordSeveral(1);
      await audit.recordStandalone(factory.auditEventInput());
      await expect(
        ctx.dataSource.query(
          `INSERT INTO audit_events (id, occurred_at, actor_type, action, resource_type, outcome,
             details, prev_hash, hash)
           VALUES (gen_random_uuid(), now(), 'system', 'expense.created', 'expense', 'success',
             '{}', $1, $2)`,
          [first.hash, 'f'.repeat(64)],
        ),
      ).rejects.toThrow(/uq_audit_events_prev_hash/);
    });
  });

  describe('verification', () => {
    it('names the event whose stored contents were changed', async () => {
      const recorded = await recordSeveral(5);
      await tamper(`UPDATE audit_events SET resource_id = 'forged' WHERE id = $1`, [
        recorded[2].id,
      ]);
      await expect(audit.verifyChain()).resolves.toEqual({
        valid: false,
        checked: 3,
        firstBrokenEventId: recorded[2].id,
        firstBrokenSequence: recorded[2].sequence,
        reason: 'hash_mismatch',
      });
    });

    it('notices a change below the millisecond', async () => {
      const recorded = await recordSeveral(3);
      await tamper(
        `UPDATE audit_events SET occurred_at = occurred_at + interval '1 microsecond' WHERE id = $1`,
        [recorded[1].id],
      );
      await expect(audit.verifyChain()).resolves.toMatchObject({
        valid: false,
        firstBrokenEventId: recorded[1].id,
        reason: 'hash_mismatch',
      });
    });

    it('names the event after one deleted from the middle', async () => {
      const recorded = await recordSeveral(5);
      await tamper('DELETE FROM audit_events WHERE id = $1', [recorded[2].id]);
      await expect(audit.verifyChain()).resolves.toEqual({
        valid: false,
        checked: 3,
        firstBrokenEventId: recorded[3].id,
        firstBrokenSequence: recorded[3].sequence,
        reason: 'broken_link',
      });
    });
  });

  describe('retention', () => {
    /** Old events, then recent ones, the clock moving forward as the app's would. */
    async function oldThenRecent(oldCount: number, recentCount: number) {
      clock.set(new Date(NOW.getTime() - 60 * DAY_MS));
      const old = await recordSeveral(oldCount, 60_000);
      clock.set(new Date(NOW.getTime() - DAY_MS));
      const recent = await recordSeveral(recentCount, 60_000);
      clock.set(NOW);
      return { old, recent };
    }

    it('deletes events past retention and leaves a chain that verifies from its anchor', async () => {
      const { old, recent } = await oldThenRecent(4, 3);

      await expect(audit.prune(NOW)).resolves.toEqual({
        cutoff: new Date(NOW.getTime() - 30 * DAY_MS),
        deleted: 4,
        throughSequence: old[3].sequence,
      });

      const rows = await events();
      expect(rows.map((row) => row.id)).toEqual([...recent.map((e) => e.id), rows[3].id]);
      expect(rows[3].action).toBe('audit.chain.pruned');
      expect(
        await ctx.dataSource.query(
          'SELECT through_sequence, hash, pruned_count FROM audit_chain_anchors',
        ),
      ).toEqual([{ through_sequence: old[3].sequence, hash: old[3].hash, pruned_count: 4 }]);
      await expect(audit.verifyChain()).resolves.toMatchObject({ valid: true, checked: 4 });

      await audit.recordStandalone(factory.auditEventInput());
      await expect(audit.verifyChain()).resolves.toMatchObject({ valid: true, checked: 5 });
    });

    it('still detects tampering after a prune', async () => {
      const { recent } = await oldThenRecent(3, 3);
      await audit.prune(NOW);

      await tamper(`UPDATE audit_events SET outcome = 'failure' WHERE id = $1`, [recent[1].id]);
      await expect(audit.verifyChain()).resolves.toMatchObject({
        valid: false,
        firstBrokenEventId: recent[1].id,
        reason: 'hash_mismatch',
      });
    });

    it('detects the oldest remaining event deleted after a prune', async () => {
      const { recent } = await oldThenRecent(3, 3);
      await audit.prune(NOW);

      await tamper('DELETE FROM audit_events WHERE id = $1', [recent[0].id]);
      await expect(audit.verifyChain()).resolves.toMatchObject({
        valid: false,
        firstBrokenEventId: recent[1].id,
        reason: 'broken_link',
      });
    });

    it('prunes again later from where it stopped', async () => {
      await oldThenRecent(2, 2);
      await audit.prune(NOW);
      const later = new Date(NOW.getTime() + 45 * DAY_MS);
      clock.set(later);
      await recordSeveral(2);

      const result = await audit.prune(later);
      expect(result.deleted).toBe(3);
      const anchors = await ctx.dataSource.query<unknown[]>('SELECT 1 FROM audit_chain_anchors');
      expect(anchors).toHaveLength(2);
      await expect(audit.verifyChain()).resolves.toMatchObject({ valid: true, checked: 3 });
    });

    it('stops at the first recent event, even when a later one has an older time', async () => {
      clock.set(new Date(NOW.getTime() - 60 * DAY_MS));
      const [oldest] = await recordSeveral(1);
      clock.set(new Date(NOW.getTime() - DAY_MS));
      const [recent] = await recordSeveral(1);
      // An instance whose clock lags behind writes after the recent event.
      clock.set(new Date(NOW.getTime() - 50 * DAY_MS));
      const [skewed] = await recordSeveral(1);
      clock.set(NOW);

      await expect(audit.prune(NOW)).resolves.toMatchObject({
        deleted: 1,
        throughSequence: oldest.sequence,
      });
      const ids = (await events()).map((row) => row.id);
      expect(ids.slice(0, 2)).toEqual([recent.id, skewed.id]);
      await expect(audit.verifyChain()).resolves.toMatchObject({ valid: true });
    });

    it('records nothing when no event is old enough', async () => {
      await recordSeveral(2);
      await expect(audit.prune(NOW)).resolves.toMatchObject({ deleted: 0, throughSequence: null });
      expect(await events()).toHaveLength(2);
    });
  });
});
