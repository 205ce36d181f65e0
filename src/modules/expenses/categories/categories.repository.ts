import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CategoryRef, CategorySearch } from 'src/modules/expenses/categories/category.types';
import { DEFAULT_CATEGORIES } from 'src/modules/expenses/categories/default-categories';
import { ExpenseCategory } from 'src/modules/expenses/categories/entities/expense-category.entity';

@Injectable()
export class CategoriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Gives a user the default categories unless they have any category at all: a user cannot
   * delete categories, so "has some" means "was seeded" (or made their own first). Two requests
   * seeding at once collide on the unique name index and the second inserts nothing.
   */
  async seedDefaults(
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO expense_categories (user_id, name, default_key)
       SELECT $1, defaults.name, defaults.key
       FROM unnest($2::varchar[], $3::varchar[]) AS defaults(key, name)
       WHERE NOT EXISTS (SELECT 1 FROM expense_categories WHERE user_id = $1)
       ON CONFLICT DO NOTHING`,
      [userId, DEFAULT_CATEGORIES.map((c) => c.key), DEFAULT_CATEGORIES.map((c) => c.name)],
    );
  }

  /** The user's default categories by their key. */
  async findDefaultIds(
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    const rows = await manager.query<{ id: string; default_key: string }[]>(
      `SELECT id, default_key FROM expense_categories
       WHERE user_id = $1 AND default_key IS NOT NULL`,
      [userId],
    );
    return new Map(rows.map((row) => [row.default_key, row.id]));
  }

  findOwned(
    userId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ExpenseCategory | null> {
    return manager.getRepository(ExpenseCategory).findOneBy({ userId, id });
  }

  /** The category and, until the transaction ends, a lock against concurrent changes. */
  lockOwned(userId: string, id: string, manager: EntityManager): Promise<ExpenseCategory | null> {
    return manager
      .getRepository(ExpenseCategory)
      .createQueryBuilder('category')
      .setLock('pessimistic_write')
      .where('category.userId = :userId AND category.id = :id', { userId, id })
      .getOne();
  }

  /**
   * The category, share-locked so it cannot be archived until the expense that names it is
   * written; undefined when the user has no such category.
   */
  async lockForAssignment(
    userId: string,
    id: string,
    manager: EntityManager,
  ): Promise<{ id: string; archived: boolean } | undefined> {
    const rows = await manager.query<{ id: string; archived: boolean }[]>(
      `SELECT id, archived_at IS NOT NULL AS archived FROM expense_categories
       WHERE user_id = $1 AND id = $2 FOR SHARE`,
      [userId, id],
    );
    return rows[0];
  }

  /** Every category of the user that can receive expenses, share-locked: for bulk writers. */
  async lockAssignableIds(userId: string, manager: EntityManager): Promise<Set<string>> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM expense_categories WHERE user_id = $1 AND archived_at IS NULL FOR SHARE`,
      [userId],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Every category of the user, archived ones included, for naming and matching by name. */
  async findAllRefs(
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CategoryRef[]> {
    return manager.query<CategoryRef[]>(
      `SELECT id, name, parent_id AS "parentId", default_key AS "defaultKey",
         archived_at IS NOT NULL AS archived
       FROM expense_categories WHERE user_id = $1`,
      [userId],
    );
  }

  /** The category and its sub-categories, for a filter that includes them; empty if not owned. */
  async findIdsWithChildren(
    userId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM expense_categories WHERE user_id = $1 AND (id = $2 OR parent_id = $2)`,
      [userId, id],
    );
    return rows.map((row) => row.id);
  }

  async countActiveChildren(
    parentId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    return manager
      .getRepository(ExpenseCategory)
      .createQueryBuilder('category')
      .where('category.parentId = :parentId AND category.archivedAt IS NULL', { parentId })
      .getCount();
  }

  /**
   * Inserts unless the user already has a category of that name (any case) under the same
   * parent; undefined when they have. ON CONFLICT rather than a failed statement: a clash is
   * a client's mistake, not a database error worth logging.
   */
  async insertIfNameFree(
    category: Pick<ExpenseCategory, 'userId' | 'parentId' | 'name'>,
    now: Date,
    manager: EntityManager,
  ): Promise<ExpenseCategory | undefined> {
    const rows = await manager.query<Record<string, unknown>[]>(
      `INSERT INTO expense_categories (user_id, parent_id, name, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT DO NOTHING
       RETURNING *`,
      [category.userId, category.parentId, category.name, now],
    );
    return rows[0] ? toEntity(rows[0]) : undefined;
  }

  /**
   * Renames unless a sibling already has the name (any case); false when one has. A rename
   * racing another to the same name still meets the unique index (409 either way).
   */
  async renameIfNameFree(
    category: ExpenseCategory,
    name: string,
    now: Date,
    manager: EntityManager,
  ): Promise<boolean> {
    const [, renamed] = await manager.query<[unknown[], number]>(
      `UPDATE expense_categories SET name = $2, updated_at = $3
       WHERE id = $1 AND NOT EXISTS (
         SELECT 1 FROM expense_categories sibling
         WHERE sibling.user_id = $4
           AND coalesce(sibling.parent_id, '00000000-0000-0000-0000-000000000000'::uuid)
             = coalesce($5::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
           AND lower(sibling.name) = lower($2) AND sibling.id <> $1
       )`,
      [category.id, name, now, category.userId, category.parentId],
    );
    return renamed === 1;
  }

  async setArchivedAt(
    id: string,
    archivedAt: Date | null,
    now: Date,
    manager: EntityManager,
  ): Promise<void> {
    await manager.getRepository(ExpenseCategory).update({ id }, { archivedAt, updatedAt: now });
  }

  /** By case-insensitive name, then id. */
  search(userId: string, search: CategorySearch): Promise<ExpenseCategory[]> {
    const builder = this.dataSource
      .getRepository(ExpenseCategory)
      .createQueryBuilder('category')
      .where('category.userId = :userId', { userId })
      .orderBy('lower(category.name)', 'ASC')
      .addOrderBy('category.id', 'ASC')
      .limit(search.limit + 1);
    if (search.archived === 'exclude') builder.andWhere('category.archivedAt IS NULL');
    if (search.archived === 'only') builder.andWhere('category.archivedAt IS NOT NULL');
    if (search.parentId === null) builder.andWhere('category.parentId IS NULL');
    if (search.parentId) {
      builder.andWhere('category.parentId = :parentId', { parentId: search.parentId });
    }
    if (search.after) {
      // lower() of the cursor's name in SQL too, so both sides fold case the same way.
      builder.andWhere('(lower(category.name), category.id) > (lower(:afterName), :afterId)', {
        afterName: search.after.name,
        afterId: search.after.id,
      });
    }
    return builder.getMany();
  }
}

function toEntity(row: Record<string, unknown>): ExpenseCategory {
  return Object.assign(new ExpenseCategory(), {
    id: row.id,
    userId: row.user_id,
    parentId: row.parent_id,
    name: row.name,
    defaultKey: row.default_key,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
