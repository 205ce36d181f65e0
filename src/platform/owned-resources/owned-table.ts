import { EntityManager } from 'typeorm';
import { RecordColumns } from 'src/platform/owned-resources/record-columns';

/** What every owned, versioned record has. */
export interface VersionedRecord {
  id: string;
  version: number;
}

/**
 * The statements every owned, versioned table shares, written once: ownership is part of each
 * (`WHERE <owner> = $1 AND id = $2`), every change adds one to the version and sets updated_at,
 * and each answers the row as stored (or undefined on a miss) through `toRecord`. A repository
 * holds one of these and keeps its own methods, so every query still reads from the repository;
 * a repository with a query of its own reads `columns.select` to answer the same record shape.
 */
export class OwnedTable<TRecord extends VersionedRecord> {
  constructor(
    readonly columns: RecordColumns<TRecord>,
    private readonly toRecord: (row: TRecord) => TRecord = (row) => row,
  ) {}

  /** Rows as read, turned into records (the hook rounds amounts, for one). */
  records(rows: TRecord[]): TRecord[] {
    return rows.map(this.toRecord);
  }

  findOwned(manager: EntityManager, ownerId: string, id: string): Promise<TRecord | undefined> {
    return this.one(manager, `${this.selectFrom()} WHERE ${this.owned()}`, [ownerId, id]);
  }

  /** The row, locked against concurrent changes until the transaction ends. */
  lockOwned(manager: EntityManager, ownerId: string, id: string): Promise<TRecord | undefined> {
    return this.one(manager, `${this.selectFrom()} WHERE ${this.owned()} FOR UPDATE`, [
      ownerId,
      id,
    ]);
  }

  /** Inserts one row at version 1, created and updated `now`; answers it as stored. */
  async insert(manager: EntityManager, row: Partial<TRecord>, now: Date): Promise<TRecord> {
    const { columns } = this;
    const fields = ['id', ...columns.writable, columns.ownerField].filter(
      (field) => (row as Record<string, unknown>)[field] !== undefined,
    );
    const ordered = columns.inEntityOrder(fields);
    const params = ordered.map((field) =>
      columns.param(field, (row as Record<string, unknown>)[field]),
    );
    const time = `$${params.length + 1}`;
    const names = [...ordered.map((field) => columns.column(field)), 'version', 'created_at'];
    const values = [...ordered.map((_, index) => `$${index + 1}`), '1', time];
    const inserted = await this.one(
      manager,
      `WITH ${columns.alias} AS (
         INSERT INTO ${columns.table} (${names.join(', ')}, updated_at)
         VALUES (${values.join(', ')}, ${time})
         RETURNING *
       )
       SELECT ${columns.select} FROM ${columns.alias}`,
      [...params, now],
    );
    return inserted!;
  }

  /**
   * A multi-row INSERT of rows with their ids chosen, at version 1: `$1` is `rowsJson(rows)`,
   * `$2` the time. One JSON parameter a statement, whatever the number of rows.
   */
  bulkInsert(): { sql: string; rowsJson: (rows: readonly Partial<TRecord>[]) => string } {
    const { columns } = this;
    const recordset = columns.recordset(
      columns.inEntityOrder(['id', columns.ownerField, ...columns.writable]),
    );
    const names = recordset.columns;
    return {
      sql: `INSERT INTO ${columns.table} (${names.join(', ')}, version, created_at, updated_at)
        SELECT ${names.map((name) => `r.${name}`).join(', ')}, 1, $2, $2
        FROM json_to_recordset($1::json) AS r(${recordset.definition})`,
      rowsJson: recordset.toJson,
    };
  }

  /**
   * Sets the changed columns (undefined ones stay), adds one to the version and answers the row
   * as stored; undefined when the owner has no such row.
   */
  update(
    manager: EntityManager,
    ownerId: string,
    id: string,
    changes: Partial<TRecord>,
    now: Date,
  ): Promise<TRecord | undefined> {
    const { columns } = this;
    const writable = new Set(columns.writable);
    const params: unknown[] = [ownerId, id, now];
    const assignments = Object.entries(changes).flatMap(([field, value]) => {
      if (!writable.has(field) || value === undefined) return [];
      params.push(columns.param(field as keyof TRecord & string, value));
      return [`${columns.column(field as keyof TRecord & string)} = $${params.length}`];
    });
    // A WITH … SELECT answers rows, unlike a bare UPDATE (rows and a count).
    return this.one(
      manager,
      `WITH ${columns.alias} AS (
         UPDATE ${columns.table}
         SET ${[...assignments, 'version = version + 1', 'updated_at = $3'].join(', ')}
         WHERE ${columns.ownerColumn} = $1 AND id = $2
         RETURNING *
       )
       SELECT ${columns.select} FROM ${columns.alias}`,
      params,
    );
  }

  /** Deletes the owner's row and answers it as it was; undefined on a miss. */
  deleteOwned(manager: EntityManager, ownerId: string, id: string): Promise<TRecord | undefined> {
    const { columns } = this;
    return this.one(
      manager,
      `WITH ${columns.alias} AS (
         DELETE FROM ${columns.table} WHERE ${columns.ownerColumn} = $1 AND id = $2 RETURNING *
       )
       SELECT ${columns.select} FROM ${columns.alias}`,
      [ownerId, id],
    );
  }

  /** `SELECT <record columns> FROM <table> <alias>`, for a repository's own queries. */
  selectFrom(): string {
    return `SELECT ${this.columns.select} FROM ${this.columns.table} ${this.columns.alias}`;
  }

  private owned(): string {
    const { alias, ownerColumn } = this.columns;
    return `${alias}.${ownerColumn} = $1 AND ${alias}.id = $2`;
  }

  private async one(
    manager: EntityManager,
    sql: string,
    params: unknown[],
  ): Promise<TRecord | undefined> {
    const rows = await manager.query<TRecord[]>(sql, params);
    return this.records(rows)[0];
  }
}
