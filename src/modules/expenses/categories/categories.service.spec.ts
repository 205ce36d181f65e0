import { DataSource, EntityManager } from 'typeorm';
import { AppException } from 'src/platform/errors/app.exception';
import { IdempotencyService } from 'src/platform/idempotency/idempotency.service';
import { AuditService } from 'src/modules/audit/audit.service';
import { AuditEventInput } from 'src/modules/audit/audit.types';
import { CategoriesRepository } from 'src/modules/expenses/categories/categories.repository';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import { factory } from 'test/support/factories';
import { FakeClock } from 'test/support/fake-clock';
import { strictFake } from 'test/support/strict-fake';

const USER = factory.ids.user;
const ID = factory.ids.category;
const NOW = '2026-03-01T12:00:00.000Z';

describe('CategoriesService.update', () => {
  const manager = {} as EntityManager;
  let recorded: AuditEventInput[];
  let archivedAt: (Date | null)[];

  function service(repository: Partial<CategoriesRepository>): CategoriesService {
    return new CategoriesService(
      strictFake<CategoriesRepository>(repository, 'CategoriesRepository'),
      strictFake<IdempotencyService>({}, 'IdempotencyService'),
      strictFake<AuditService>(
        {
          record: (_manager, event) => {
            recorded.push(event);
            return Promise.resolve({
              id: 'e',
              sequence: '1',
              occurredAt: new Date(NOW),
              hash: 'h',
            });
          },
        },
        'AuditService',
      ),
      new FakeClock(NOW),
      strictFake<DataSource>(
        {
          transaction: ((work: (m: EntityManager) => Promise<unknown>) =>
            work(manager)) as DataSource['transaction'],
        },
        'DataSource',
      ),
    );
  }

  beforeEach(() => {
    recorded = [];
    archivedAt = [];
  });

  const setArchivedAt: CategoriesRepository['setArchivedAt'] = (_id, value) => {
    archivedAt.push(value);
    return Promise.resolve();
  };

  it('changes nothing and records nothing when nothing differs', async () => {
    const result = await service({ lockOwned: () => Promise.resolve(factory.category()) }).update(
      USER,
      ID,
      { name: 'Garden', archived: false },
    );
    expect(result).toMatchObject({ name: 'Garden', archived: false });
    expect(recorded).toEqual([]);
  });

  it('answers NOT_FOUND for a category the user does not have', async () => {
    const attempt = service({ lockOwned: () => Promise.resolve(null) }).update(USER, ID, {
      name: 'X',
    });
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(recorded).toEqual([]);
  });

  it('refuses to archive a parent with active sub-categories, writing nothing', async () => {
    const attempt = service({
      lockOwned: () => Promise.resolve(factory.category()),
      countActiveChildren: () => Promise.resolve(2),
    }).update(USER, ID, { archived: true });
    await expect(attempt).rejects.toThrow(AppException);
    await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(archivedAt).toEqual([]);
    expect(recorded).toEqual([]);
  });

  it('archives at the clock’s time with one event', async () => {
    const result = await service({
      lockOwned: () => Promise.resolve(factory.category()),
      countActiveChildren: () => Promise.resolve(0),
      setArchivedAt,
    }).update(USER, ID, { archived: true });
    expect(result).toMatchObject({ archived: true, archivedAt: NOW, updatedAt: NOW });
    expect(archivedAt).toEqual([new Date(NOW)]);
    expect(recorded.map((event) => event.action)).toEqual(['expense_category.archived']);
  });

  it('refuses to unarchive a sub-category whose parent is archived', async () => {
    const child = factory.category({ id: 'c2', parentId: ID, archivedAt: new Date(NOW) });
    const parent = factory.category({ archivedAt: new Date(NOW) });
    const attempt = service({
      lockOwned: (_user, id) => Promise.resolve(id === 'c2' ? child : parent),
    }).update(USER, 'c2', { archived: false });
    await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(recorded).toEqual([]);
  });

  it('renames and archives in one change, one event naming both', async () => {
    const result = await service({
      lockOwned: () => Promise.resolve(factory.category({ parentId: 'p' })),
      renameIfNameFree: () => Promise.resolve(true),
      setArchivedAt,
    }).update(USER, ID, { name: 'Yard', archived: true });
    expect(result).toMatchObject({ name: 'Yard', archived: true });
    expect(recorded).toEqual([
      expect.objectContaining({
        action: 'expense_category.archived',
        details: { from: 'Garden', to: 'Yard' },
      }),
    ]);
  });

  it('refuses a name a sibling has', async () => {
    const attempt = service({
      lockOwned: () => Promise.resolve(factory.category()),
      renameIfNameFree: () => Promise.resolve(false),
    }).update(USER, ID, { name: 'Housing' });
    await expect(attempt).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(recorded).toEqual([]);
  });
});
