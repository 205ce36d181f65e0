import { EntityMetadata } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * A `timestamptz` as the API writes an instant: ISO 8601 in UTC with milliseconds, made by
 * PostgreSQL so that no Date (and no process time zone) comes between the row and the JSON.
 */
export function instantJson(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A `date` as the API writes a calendar day. */
export function calendarDateJson(column: string): string {
  return `to_char(${column}, 'YYYY-MM-DD')`;
}

/** How one column differs from what its entity property and SQL type imply. */
export interface ColumnOverride {
  /** The record field, when the property's name is not the API's (`spentOn` is `date`). */
  field?: string;
  /** The read expression, given the qualified column (`b.start_month`). */
  read?: (column: string) => string;
  /** What a written value becomes as a parameter (a month is stored as its first day). */
  write?: (value: unknown) => unknown;
}

export interface RecordColumnsOptions {
  /** The table alias every query on it uses (`e` for `expenses e`). */
  alias: string;
  /** The property holding the owner's id: every owned query filters on it. */
  owner?: string;
  overrides?: Record<string, ColumnOverride>;
}

/** Fields that only the kit writes: the key, the owner, the version and the timestamps. */
const MANAGED = new Set(['id', 'version', 'createdAt', 'updatedAt']);

interface RecordColumn {
  field: string;
  name: string;
  type: string;
  isArray: boolean;
  read: string;
  write: (value: unknown) => unknown;
}

/**
 * The columns of an entity as a record wants them (no Date, no number for a decimal), derived
 * from its TypeORM metadata, so that a new column is declared once, on the entity. Reads by SQL
 * type: an instant becomes ISO 8601 in UTC, a date `YYYY-MM-DD`, a numeric its decimal string.
 */
export class RecordColumns<TRecord extends object> {
  /** The SELECT list, in entity order: `e.id, e.user_id AS "userId", …`. */
  readonly select: string;
  readonly table: string;
  readonly alias: string;
  readonly ownerField: keyof TRecord & string;
  readonly ownerColumn: string;
  private readonly byField: Map<string, RecordColumn>;

  private constructor(
    metadata: EntityMetadata,
    private readonly columns: readonly RecordColumn[],
    alias: string,
    owner: string,
  ) {
    this.table = metadata.tableName;
    this.alias = alias;
    this.byField = new Map(columns.map((column) => [column.field, column]));
    const ownerColumn = this.byField.get(owner);
    if (!ownerColumn) throw new Error(`${metadata.name} has no owner column ${owner}`);
    this.ownerField = owner as keyof TRecord & string;
    this.ownerColumn = ownerColumn.name;
    this.select = columns
      .map((column) =>
        column.read === `${alias}.${column.field}`
          ? column.read
          : `${column.read} AS "${column.field}"`,
      )
      .join(', ');
  }

  static of<TRecord extends object>(
    metadata: EntityMetadata,
    options: RecordColumnsOptions,
  ): RecordColumns<TRecord> {
    const { alias, owner = 'userId', overrides = {} } = options;
    const unknown = Object.keys(overrides).filter(
      (property) => !metadata.columns.some((column) => column.propertyName === property),
    );
    if (unknown.length > 0) throw new Error(`${metadata.name} has no column ${unknown.join(', ')}`);
    const columns = metadata.columns.map((column): RecordColumn => {
      const override = overrides[column.propertyName] ?? {};
      const qualified = `${alias}.${column.databaseName}`;
      return {
        field: override.field ?? column.propertyName,
        name: column.databaseName,
        type: sqlTypeOf(column),
        isArray: column.isArray,
        read: override.read?.(qualified) ?? defaultRead(column, qualified),
        write: override.write ?? ((value) => value),
      };
    });
    return new RecordColumns<TRecord>(metadata, columns, alias, owner);
  }

  /** The column of a record field. */
  column(field: keyof TRecord & string): string {
    return this.get(field).name;
  }

  /** Fields a change may set: every one but the key, the owner, the version and timestamps. */
  get writable(): string[] {
    return this.columns
      .filter((column) => !MANAGED.has(column.field) && column.name !== this.ownerColumn)
      .map((column) => column.field);
  }

  /** These fields, in the order of the entity's columns. */
  inEntityOrder(fields: readonly string[]): (keyof TRecord & string)[] {
    const wanted = new Set(fields);
    return this.columns
      .filter((column) => wanted.has(column.field))
      .map((column) => column.field as keyof TRecord & string);
  }

  /**
   * Rows of these fields as json_to_recordset reads them: `$n::json` of `toJson(rows)` gives
   * a relation `r` whose columns are the table's, typed as the table types them.
   */
  recordset(fields: readonly (keyof TRecord & string)[]): {
    columns: string[];
    definition: string;
    toJson: (rows: readonly Partial<TRecord>[]) => string;
  } {
    const columns = fields.map((field) => this.get(field));
    return {
      columns: columns.map((column) => column.name),
      definition: columns
        .map((column) => `${column.name} ${column.isArray ? `${column.type}[]` : column.type}`)
        .join(', '),
      toJson: (rows) =>
        JSON.stringify(
          rows.map((row) =>
            Object.fromEntries(
              columns.map((column) => [
                column.name,
                column.write((row as Record<string, unknown>)[column.field]),
              ]),
            ),
          ),
        ),
    };
  }

  /** A value of `field` as a query parameter. */
  param(field: keyof TRecord & string, value: unknown): unknown {
    return this.get(field).write(value);
  }

  private get(field: string): RecordColumn {
    const column = this.byField.get(field);
    if (!column) throw new Error(`${this.table} has no column for ${field}`);
    return column;
  }
}

function defaultRead(column: ColumnMetadata, qualified: string): string {
  switch (sqlTypeOf(column)) {
    case 'timestamptz':
      return instantJson(qualified);
    case 'date':
      return calendarDateJson(qualified);
    case 'numeric':
      return `${qualified}::text`;
    default:
      return qualified;
  }
}

function sqlTypeOf(column: ColumnMetadata): string {
  const type = typeof column.type === 'string' ? column.type : 'text';
  if (type === 'timestamp with time zone') return 'timestamptz';
  if (type === 'decimal') return 'numeric';
  if (type === 'char' && column.length) return `char(${column.length})`;
  return type;
}
