import { DataSource, EntityManager } from 'typeorm';
import { SECURITY_ACTIONS } from 'src/modules/audit/audit-actions';
import { AuditRepository } from 'src/modules/audit/audit.repository';
import { AuditService } from 'src/modules/audit/audit.service';
import { GENESIS_HASH, hashEvent } from 'src/modules/audit/chain/event-hash';
import { ListAuditEventsQuery } from 'src/modules/audit/dto/list-audit-events.dto';
import { requestContext } from 'src/platform/logging/request-context';
import { encodeCursor } from 'src/platform/pagination/cursor';
import { PageQuery } from 'src/platform/pagination/page';
import { factory } from 'test/support/factories';
import { FakeClock } from 'test/support/fake-clock';
import { strictFake } from 'test/support/strict-fake';
import { testConfig } from 'test/support/test-config';

const USER = factory.ids.user;
const HEAD = 'a'.repeat(64);

const transactional = { queryRunner: { isTransactionActive: true } } as unknown as EntityManager;

function fakeDataSource(): DataSource {
  return strictFake<DataSource>({
    transaction: (...args: unknown[]) => {
      const work = args.find((arg) => typeof arg === 'function') as (m: EntityManager) => unknown;
      return Promise.resolve(work(transactional));
    },
  });
}

function query<T extends object>(type: new () => T, values: Partial<T>): T {
  return Object.assign(new type(), values);
}

describe('AuditService', () => {
  const clock = new FakeClock('2026-03-01T12:00:00.123Z');

  function service(
    repository: Partial<AuditRepository>,
    env: NodeJS.ProcessEnv = {},
  ): AuditService {
    return new AuditService(
      strictFake<AuditRepository>(repository, 'AuditRepository'),
      clock,
      testConfig(env),
      fakeDataSource(),
    );
  }

  describe('record', () => {
    it('locks the chain, reads its head, then appends the event linked and hashed', async () => {
      const calls: string[] = [];
      const append = jest.fn((..._: Parameters<AuditRepository['append']>) => {
        calls.push('append');
        return Promise.resolve('42');
      });
      const audit = service({
        lockChain: () => (calls.push('lock'), Promise.resolve()),
        chainHeadHash: () => (calls.push('head'), Promise.resolve(HEAD)),
        append,
      });

      const recorded = await requestContext.run(
        {
          id: 'req-9',
          ip: '198.51.100.4',
          headers: { 'user-agent': 'Mozilla/5.0' },
          principal: { kind: 'user', userId: USER, role: 'user' },
        },
        () =>
          audit.record(transactional, {
            action: 'api_key.created',
            resourceType: 'api_key',
            resourceId: 'k-1',
            details: { name: 'ci', secret: 'llk_live_x' },
          }),
      );

      expect(calls).toEqual(['lock', 'head', 'append']);
      const [row, manager] = append.mock.calls[0];
      expect(manager).toBe(transactional);
      expect(row).toEqual({
        id: recorded.id,
        occurredAt: '2026-03-01T12:00:00.123000Z',
        actorType: 'user',
        actorId: USER,
        action: 'api_key.created',
        resourceType: 'api_key',
        resourceId: 'k-1',
        outcome: 'success',
        requestId: 'req-9',
        ip: '198.51.100.4',
        userAgent: 'Mozilla/5.0',
        subjectUserId: USER,
        details: { name: 'ci', secret: '[REDACTED]' },
        prevHash: HEAD,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      });
      const { hash, ...fields } = row;
      expect(hash).toBe(hashEvent(fields));
      expect(recorded).toEqual({
        id: row.id,
        sequence: '42',
        occurredAt: new Date('2026-03-01T12:00:00.123Z'),
        hash,
      });
    });

    it('links the very first event to the genesis hash, as the system outside a request', async () => {
      const append = jest.fn((..._: Parameters<AuditRepository['append']>) => Promise.resolve('1'));
      const audit = service({
        lockChain: () => Promise.resolve(),
        chainHeadHash: () => Promise.resolve(null),
        append,
      });
      await audit.record(transactional, {
        action: 'audit.chain.pruned',
        resourceType: 'audit_chain',
      });
      expect(append.mock.calls[0][0]).toMatchObject({
        prevHash: GENESIS_HASH,
        actorType: 'system',
        actorId: null,
        requestId: null,
      });
    });

    it('refuses a manager outside a transaction, before touching the database', async () => {
      const audit = service({});
      await expect(
        audit.record({ queryRunner: undefined } as unknown as EntityManager, {
          action: 'expense.created',
          resourceType: 'expense',
        }),
      ).rejects.toThrow(/needs the manager of an open transaction/);
    });

    it('refuses a malformed action before taking the lock', async () => {
      const audit = service({});
      await expect(
        audit.record(transactional, { action: 'Expense Created', resourceType: 'expense' }),
      ).rejects.toThrow(TypeError);
    });
  });

  describe('listEvents', () => {
    it('turns the query into filters and serves a page with a cursor on the sequence', async () => {
      const search = jest.fn((..._: Parameters<AuditRepository['search']>) =>
        Promise.resolve([
          factory.auditEvent({ sequence: '9' }),
          factory.auditEvent({ sequence: '7' }),
          factory.auditEvent({ sequence: '4' }),
        ]),
      );
      const audit = service({ search });
      const page = await audit.listEvents(
        query(ListAuditEventsQuery, {
          limit: 2,
          cursor: encodeCursor(['12']),
          action: 'auth.*',
          actorType: 'user',
          actorId: USER,
          from: '2026-03-01T00:00:00Z',
          to: '2026-03-02T01:00:00+01:00',
        }),
      );
      expect(search).toHaveBeenCalledWith(
        {
          actorType: 'user',
          actorId: USER,
          action: undefined,
          actionPrefix: 'auth.',
          resourceType: undefined,
          resourceId: undefined,
          subjectUserId: undefined,
          from: new Date('2026-03-01T00:00:00Z'),
          to: new Date('2026-03-02T00:00:00Z'),
        },
        '12',
        3,
      );
      expect(page.data.map((event) => event.sequence)).toEqual(['9', '7']);
      expect(page.data[0]).toMatchObject({
        occurredAt: '2026-03-01T12:00:00.000Z',
        actor: { type: 'user', id: USER },
      });
      expect(page.nextCursor).toBe(encodeCursor(['7']));
    });

    it('filters an exact action exactly', async () => {
      const search = jest.fn((..._: Parameters<AuditRepository['search']>) => Promise.resolve([]));
      await service({ search }).listEvents(
        query(ListAuditEventsQuery, { limit: 20, action: 'auth.login.failed' }),
      );
      expect(search.mock.calls[0][0]).toMatchObject({
        action: 'auth.login.failed',
        actionPrefix: undefined,
      });
    });

    it.each([
      ['a number', Buffer.from('[12]').toString('base64url')],
      ['not digits', encodeCursor(['12; DROP TABLE'])],
      ['beyond bigint', encodeCursor(['9223372036854775808'])],
      ['zero', encodeCursor(['0'])],
    ])('refuses a cursor holding %s without querying', async (_, cursor) => {
      const audit = service({});
      await expect(
        audit.listEvents(query(ListAuditEventsQuery, { limit: 20, cursor })),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });

  describe('listActivity', () => {
    it('serves the caller their own security events only', async () => {
      const findActivity = jest.fn((..._: Parameters<AuditRepository['findActivity']>) =>
        Promise.resolve([factory.auditEvent({ sequence: '3' })]),
      );
      const page = await service({ findActivity }).listActivity(
        USER,
        query(PageQuery, { limit: 20 }),
      );
      expect(findActivity).toHaveBeenCalledWith(USER, SECURITY_ACTIONS, undefined, 21);
      expect(page).toEqual({
        data: [
          {
            id: factory.auditEvent({ sequence: '3' }).id,
            occurredAt: '2026-03-01T12:00:00.000Z',
            action: 'auth.login.succeeded',
            outcome: 'success',
            ip: '203.0.113.7',
            userAgent: 'curl/8',
          },
        ],
        nextCursor: null,
      });
    });
  });

  describe('prune', () => {
    const now = new Date('2026-03-01T00:00:00.000Z');

    it('does nothing when retention is off', async () => {
      await expect(service({}, { AUDIT_RETENTION_DAYS: '0' }).prune(now)).resolves.toEqual({
        cutoff: null,
        deleted: 0,
        throughSequence: null,
      });
    });

    it('records nothing when no event is old enough', async () => {
      const pruneBoundary = jest.fn(() => Promise.resolve(null));
      await expect(
        service({ pruneBoundary }, { AUDIT_RETENTION_DAYS: '30' }).prune(now),
      ).resolves.toEqual({
        cutoff: new Date('2026-01-30T00:00:00.000Z'),
        deleted: 0,
        throughSequence: null,
      });
      expect(pruneBoundary).toHaveBeenCalledWith(new Date('2026-01-30T00:00:00.000Z'));
    });

    it('records the prune first, then deletes in anchored steps up to the boundary', async () => {
      const calls: string[] = [];
      const batches = [{ deleted: 5000 }, { deleted: 12 }];
      const pruneBatch = jest.fn((..._: Parameters<AuditRepository['pruneBatch']>) => {
        calls.push('batch');
        const next = batches.shift();
        return Promise.resolve(
          next && { ...next, anchor: { throughSequence: '5012', hash: HEAD } },
        );
      });
      const append = jest.fn((..._: Parameters<AuditRepository['append']>) => {
        calls.push('append');
        return Promise.resolve('9000');
      });
      const audit = service(
        {
          pruneBoundary: () => Promise.resolve('5012'),
          lockChain: () => Promise.resolve(),
          chainHeadHash: () => Promise.resolve(HEAD),
          append,
          pruneBatch,
        },
        { AUDIT_RETENTION_DAYS: '30' },
      );

      await expect(audit.prune(now)).resolves.toEqual({
        cutoff: new Date('2026-01-30T00:00:00.000Z'),
        deleted: 5012,
        throughSequence: '5012',
      });
      expect(calls).toEqual(['append', 'batch', 'batch', 'batch']);
      expect(append.mock.calls[0][0]).toMatchObject({
        action: 'audit.chain.pruned',
        actorType: 'system',
        actorId: 'audit-retention',
        subjectUserId: null,
        details: {
          cutoff: '2026-01-30T00:00:00.000Z',
          throughSequence: '5012',
          retentionDays: 30,
        },
      });
      expect(pruneBatch.mock.calls[0].slice(0, 3)).toEqual([
        new Date('2026-01-30T00:00:00.000Z'),
        '5012',
        5000,
      ]);
    });
  });
});
