import {
  Column,
  CreateDateColumn,
  DataSource,
  Entity,
  EntityManager,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { SnakeNamingStrategy } from 'src/platform/database/snake-naming.strategy';
import { OwnedTable } from 'src/platform/owned-resources/owned-table';
import { instantJson, RecordColumns } from 'src/platform/owned-resources/record-columns';

@Entity({ name: 'gadgets' })
class Gadget {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'date' })
  boughtOn!: string;

  @Column({ type: 'numeric', precision: 16, scale: 4 })
  price!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

interface GadgetRecord {
  id: string;
  userId: string;
  date: string;
  price: string;
  currency: string;
  tags: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Records every statement and answers `rows`. */
function recordingManager(rows: unknown[] = []): {
  manager: EntityManager;
  calls: { sql: string; params: unknown[] }[];
} {
  const calls: { sql: string; params: unknown[] }[] = [];
  const manager = {
    query: (sql: string, params: unknown[]) => {
      calls.push({ sql: sql.replace(/\s+/g, ' ').trim(), params });
      return Promise.resolve(rows);
    },
  } as unknown as EntityManager;
  return { manager, calls };
}

describe('the owned-resources kit', () => {
  let columns: RecordColumns<GadgetRecord>;

  beforeAll(async () => {
    // Metadata only: the data source is never connected.
    const dataSource = new DataSource({
      type: 'postgres',
      entities: [Gadget],
      namingStrategy: new SnakeNamingStrategy(),
    });
    await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
    columns = RecordColumns.of<GadgetRecord>(dataSource.getMetadata(Gadget), {
      alias: 'g',
      overrides: { boughtOn: { field: 'date' } },
    });
  });

  it('reads each column as the record wants it, by SQL type, under its field name', () => {
    expect(columns.select).toBe(
      [
        'g.id',
        'g.user_id AS "userId"',
        `to_char(g.bought_on, 'YYYY-MM-DD') AS "date"`,
        'g.price::text AS "price"',
        'g.currency',
        'g.tags',
        'g.version',
        `${instantJson('g.created_at')} AS "createdAt"`,
        `${instantJson('g.updated_at')} AS "updatedAt"`,
      ].join(', '),
    );
    expect(instantJson('g.created_at')).toBe(
      `to_char(g.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    );
  });

  it('lets a change set every column but the key, the owner, the version and the timestamps', () => {
    expect(columns.writable).toEqual(['date', 'price', 'currency', 'tags']);
  });

  it('refuses an override of a column the entity does not have', async () => {
    const dataSource = new DataSource({ type: 'postgres', entities: [Gadget] });
    await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
    expect(() =>
      RecordColumns.of(dataSource.getMetadata(Gadget), { alias: 'g', overrides: { nope: {} } }),
    ).toThrow('Gadget has no column nope');
  });

  it('updates with the owner and id in the WHERE, a version bump and the changed columns only', async () => {
    const { manager, calls } = recordingManager();
    const now = new Date('2026-03-02T10:00:00Z');
    await new OwnedTable(columns).update(
      manager,
      'user-1',
      'gadget-1',
      { price: '3.50', tags: undefined, version: 9 },
      now,
    );
    expect(calls).toEqual([
      {
        sql:
          'WITH g AS ( UPDATE gadgets SET price = $4, version = version + 1, updated_at = $3 ' +
          `WHERE user_id = $1 AND id = $2 RETURNING * ) SELECT ${columns.select} FROM g`,
        params: ['user-1', 'gadget-1', now, '3.50'],
      },
    ]);
  });

  it('finds, locks and deletes only the owner’s row, and answers a miss with undefined', async () => {
    const { manager, calls } = recordingManager();
    const table = new OwnedTable(columns);
    expect(await table.findOwned(manager, 'user-1', 'gadget-1')).toBeUndefined();
    await table.lockOwned(manager, 'user-1', 'gadget-1');
    await table.deleteOwned(manager, 'user-1', 'gadget-1');
    expect(calls.map((call) => call.sql)).toEqual([
      `SELECT ${columns.select} FROM gadgets g WHERE g.user_id = $1 AND g.id = $2`,
      `SELECT ${columns.select} FROM gadgets g WHERE g.user_id = $1 AND g.id = $2 FOR UPDATE`,
      `WITH g AS ( DELETE FROM gadgets WHERE user_id = $1 AND id = $2 RETURNING * ) SELECT ${columns.select} FROM g`,
    ]);
    expect(calls.every((call) => call.params.join() === 'user-1,gadget-1')).toBe(true);
  });

  it('inserts at version 1 with the given columns, and many rows through one typed JSON recordset', async () => {
    const stored = { id: 'gadget-1', version: 1 } as GadgetRecord;
    const { manager, calls } = recordingManager([stored]);
    const now = new Date('2026-03-02T10:00:00Z');
    const table = new OwnedTable(columns);
    const row = { userId: 'user-1', date: '2026-03-02', price: '3.50', currency: 'EUR', tags: [] };
    expect(await table.insert(manager, row, now)).toBe(stored);
    expect(calls[0]).toEqual({
      sql:
        'WITH g AS ( INSERT INTO gadgets (user_id, bought_on, price, currency, tags, version, ' +
        'created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING * ) ' +
        `SELECT ${columns.select} FROM g`,
      params: ['user-1', '2026-03-02', '3.50', 'EUR', [], now],
    });
    const bulk = table.bulkInsert();
    expect(bulk.sql.replace(/\s+/g, ' ')).toBe(
      'INSERT INTO gadgets (id, user_id, bought_on, price, currency, tags, version, created_at, ' +
        'updated_at) SELECT r.id, r.user_id, r.bought_on, r.price, r.currency, r.tags, 1, $2, $2 ' +
        'FROM json_to_recordset($1::json) AS r(id uuid, user_id uuid, bought_on date, ' +
        'price numeric, currency char(3), tags text[])',
    );
    expect(JSON.parse(bulk.rowsJson([{ id: 'gadget-2', ...row }]))).toEqual([
      {
        id: 'gadget-2',
        user_id: 'user-1',
        bought_on: '2026-03-02',
        price: '3.50',
        currency: 'EUR',
        tags: [],
      },
    ]);
  });
});
