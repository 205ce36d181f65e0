import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ExpenseImport } from 'src/modules/expenses/import/entities/expense-import.entity';

/** Rows per INSERT of import rows (four array parameters each). */
const ROW_BATCH_SIZE = 10_000;
/** Namespace of the per-user advisory lock that serialises imports and undos ("IMPT"). */
const IMPORT_LOCK_NAMESPACE = 0x494d5054;

export interface NewImportRow {
  line: number;
  dedupeKey: string;
  expenseId: string;
}

/** Every query on expense_imports and expense_import_rows; ownership is part of each. */
@Injectable()
export class ExpenseImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Until the transaction ends, no other import or undo of this user runs: each one reads the
   * dedupe keys and writes its own knowing that nothing changes them in between.
   */
  async lockUser(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, [
      IMPORT_LOCK_NAMESPACE,
      userId,
    ]);
  }

  /** Which of `keys` this user's earlier imports created, with the import that did. */
  async findImportedKeys(
    userId: string,
    keys: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await manager.query<{ dedupeKey: string; importId: string }[]>(
      `SELECT dedupe_key AS "dedupeKey", import_id AS "importId" FROM expense_import_rows
       WHERE user_id = $1 AND dedupe_key = ANY($2::varchar[])`,
      [userId, keys],
    );
    return new Map(rows.map((row) => [row.dedupeKey, row.importId]));
  }

  async insert(batch: ExpenseImport, manager: EntityManager): Promise<void> {
    await manager.getRepository(ExpenseImport).insert(batch);
  }

  async insertRows(
    importId: string,
    userId: string,
    rows: readonly NewImportRow[],
    manager: EntityManager,
  ): Promise<void> {
    for (let start = 0; start < rows.length; start += ROW_BATCH_SIZE) {
      const batch = rows.slice(start, start + ROW_BATCH_SIZE);
      await manager.query(
        `INSERT INTO expense_import_rows (import_id, user_id, line, dedupe_key, expense_id)
         SELECT $1, $2, r.line, r.dedupe_key, r.expense_id
         FROM unnest($3::int[], $4::varchar[], $5::uuid[]) AS r(line, dedupe_key, expense_id)`,
        [
          importId,
          userId,
          batch.map((row) => row.line),
          batch.map((row) => row.dedupeKey),
          batch.map((row) => row.expenseId),
        ],
      );
    }
  }

  findOwned(
    userId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ExpenseImport | null> {
    return manager.getRepository(ExpenseImport).findOneBy({ userId, id });
  }

  /** The import, locked against a concurrent undo until the transaction ends. */
  lockOwned(userId: string, id: string, manager: EntityManager): Promise<ExpenseImport | null> {
    return manager
      .getRepository(ExpenseImport)
      .createQueryBuilder('batch')
      .setLock('pessimistic_write')
      .where('batch.userId = :userId AND batch.id = :id', { userId, id })
      .getOne();
  }

  /** Newest first: at most `limit` imports created before `before` (its time, then its id). */
  list(
    userId: string,
    limit: number,
    before?: { createdAt: string; id: string },
  ): Promise<ExpenseImport[]> {
    const builder = this.dataSource
      .getRepository(ExpenseImport)
      .createQueryBuilder('batch')
      .where('batch.userId = :userId', { userId })
      .orderBy('batch.createdAt', 'DESC')
      .addOrderBy('batch.id', 'DESC')
      .limit(limit);
    if (before) {
      builder.andWhere(
        '(batch.createdAt, batch.id) < (:createdAt::timestamptz, :id::uuid)',
        before,
      );
    }
    return builder.getMany();
  }

  /**
   * Removes the import's rows, freeing their dedupe keys; answers the expenses they became
   * (some may have been deleted by hand since).
   */
  async deleteRows(importId: string, manager: EntityManager): Promise<string[]> {
    const rows = await manager.query<{ expenseId: string }[]>(
      // A WITH … SELECT answers rows, unlike a bare DELETE (rows and a count).
      `WITH r AS (DELETE FROM expense_import_rows WHERE import_id = $1 RETURNING expense_id)
       SELECT expense_id AS "expenseId" FROM r`,
      [importId],
    );
    return rows.map((row) => row.expenseId);
  }

  async markUndone(
    id: string,
    undoneAt: Date,
    deletedCount: number,
    manager: EntityManager,
  ): Promise<void> {
    await manager
      .getRepository(ExpenseImport)
      .update({ id }, { status: 'undone', undoneAt, deletedCount });
  }
}
