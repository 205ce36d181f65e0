import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from 'src/platform/clock/clock';
import { AppException } from 'src/platform/errors/app.exception';
import { IdempotentRequest } from 'src/platform/idempotency/idempotent-request';
import { IdempotencyService } from 'src/platform/idempotency/idempotency.service';
import { decodeCursor } from 'src/platform/pagination/cursor';
import { Page, toPage } from 'src/platform/pagination/page';
import { AuditService } from 'src/modules/audit/audit.service';
import { ExpenseActions } from 'src/modules/audit/audit-actions';
import { CategoriesRepository } from 'src/modules/expenses/categories/categories.repository';
import { CategoryRef } from 'src/modules/expenses/categories/category.types';
import {
  CategoryResponseDto,
  CreateCategoryDto,
  ListCategoriesQuery,
  UpdateCategoryDto,
} from 'src/modules/expenses/categories/dto/category.dto';
import { ExpenseCategory } from 'src/modules/expenses/categories/entities/expense-category.entity';

/**
 * Categories: each user gets the defaults the first time they look at or create categories
 * (lazily, so this module needs no hook into account creation and accounts that existed before
 * it get them too); one level of sub-categories; archived, never deleted.
 */
@Injectable()
export class CategoriesService {
  constructor(
    private readonly categories: CategoriesRepository,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The defaults, if the user has no category yet; cheap when they have. */
  async ensureDefaults(userId: string, manager?: EntityManager): Promise<void> {
    await this.categories.seedDefaults(userId, manager);
  }
  /**
   * The category a new or changed expense, budget or recurring expense points at: one of the
   * user's, not archived. Locked until the transaction ends, so it cannot be archived meanwhile.
   */
  async assertAssignable(
    manager: EntityManager,
    userId: string,
    categoryId: string,
  ): Promise<void> {
    const category = await this.categories.lockForAssignment(userId, categoryId, manager);
    if (!category) {
      throw new AppException('REFERENCED_RESOURCE_NOT_FOUND', 'No such category', {
        errors: [{ field: 'categoryId', messages: ['categoryId must be one of your categories'] }],
      });
    }
    if (category.archived) {
      throw new AppException('RESOURCE_ARCHIVED', 'The category is archived', {
        errors: [
          {
            field: 'categoryId',
            messages: ['the category is archived: unarchive it or choose another'],
          },
        ],
      });
    }
  }

  /**
   * The user's default categories by key (`groceries` → id), seeding them first: for code that
   * files expenses without asking the user (demo data, imports with a category mapping).
   */
  async defaultCategoryIds(userId: string, manager?: EntityManager): Promise<Map<string, string>> {
    await this.ensureDefaults(userId, manager);
    return this.categories.findDefaultIds(userId, manager);
  }

  /**
   * The ids of the user's active categories, locked until the transaction ends: for code that
   * files many expenses at once and checks each against this set.
   */
  lockAssignableIds(manager: EntityManager, userId: string): Promise<Set<string>> {
    return this.categories.lockAssignableIds(userId, manager);
  }

  /** Every category of the user, archived ones included, as files name them. */
  listRefs(userId: string, manager?: EntityManager): Promise<CategoryRef[]> {
    return this.categories.findAllRefs(userId, manager);
  }

  /** The category and its sub-categories; empty for another user's or no category. */
  idsWithChildren(userId: string, categoryId: string): Promise<string[]> {
    return this.categories.findIdsWithChildren(userId, categoryId);
  }

  /** The name of the user's category, or undefined when it is not theirs. */
  async nameOf(userId: string, categoryId: string): Promise<string | undefined> {
    return (await this.categories.findOwned(userId, categoryId))?.name;
  }

  /**
   * A new top-level category named `name` (normalised by the caller), or undefined when the
   * user has one of that name already; not audited: the bulk caller (an import) records the
   * whole change in its own event.
   */
  async createTopLevelIfNameFree(
    manager: EntityManager,
    userId: string,
    name: string,
    now: Date,
  ): Promise<{ id: string } | undefined> {
    const category = await this.categories.insertIfNameFree(
      { userId, parentId: null, name },
      now,
      manager,
    );
    return category && { id: category.id };
  }

  async list(userId: string, query: ListCategoriesQuery): Promise<Page<CategoryResponseDto>> {
    await this.ensureDefaults(userId);
    const rows = await this.categories.search(userId, {
      archived: query.archived,
      parentId: query.parentId,
      limit: query.limit,
      after: query.cursor === undefined ? undefined : afterCursor(query.cursor),
    });
    return toPage(rows, query.limit, (row) => [row.name, row.id], toCategoryResponse);
  }

  async get(userId: string, id: string): Promise<CategoryResponseDto> {
    await this.ensureDefaults(userId);
    const category = await this.categories.findOwned(userId, id);
    if (!category) throw new AppException('NOT_FOUND', 'No such category');
    return toCategoryResponse(category);
  }

  create(
    userId: string,
    body: CreateCategoryDto,
    idempotent: IdempotentRequest | undefined,
  ): Promise<CategoryResponseDto> {
    return this.idempotency.run(idempotent, async (manager) => {
      // Seeded first: a user whose first act is making their own category still gets the
      // defaults (seeding only happens while the user has none).
      await this.ensureDefaults(userId, manager);
      if (body.parentId !== undefined) {
        const parent = await this.categories.lockOwned(userId, body.parentId, manager);
        assertUsableParent(parent);
      }
      const category = await this.categories.insertIfNameFree(
        { userId, parentId: body.parentId ?? null, name: body.name },
        this.clock.now(),
        manager,
      );
      if (!category) throw nameTaken();
      await this.audit.record(manager, {
        action: ExpenseActions.CategoryCreated,
        resourceType: 'expense_category',
        resourceId: category.id,
        details: { name: category.name, parentId: category.parentId },
      });
      return toCategoryResponse(category);
    });
  }

  /** Rename and/or (un)archive: one change, one audit event. */
  async update(userId: string, id: string, body: UpdateCategoryDto): Promise<CategoryResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const category = await this.categories.lockOwned(userId, id, manager);
      if (!category) throw new AppException('NOT_FOUND', 'No such category');
      const rename = body.name !== undefined && body.name !== category.name;
      const archive =
        body.archived !== undefined && body.archived !== (category.archivedAt !== null);
      if (!rename && !archive) return toCategoryResponse(category);

      const now = this.clock.now();
      const changes: { name?: string; archivedAt?: Date | null } = {};
      if (rename) {
        if (!(await this.categories.renameIfNameFree(category, body.name!, now, manager))) {
          throw nameTaken();
        }
        changes.name = body.name;
      }
      if (archive && body.archived) {
        await this.assertNoActiveChildren(category, manager);
        changes.archivedAt = now;
      }
      if (archive && !body.archived) {
        await this.assertParentActive(userId, category, manager);
        changes.archivedAt = null;
      }
      if (changes.archivedAt !== undefined) {
        await this.categories.setArchivedAt(id, changes.archivedAt, now, manager);
      }
      const updated = { ...category, ...changes, updatedAt: now };
      await this.audit.record(manager, {
        action: archive
          ? body.archived
            ? ExpenseActions.CategoryArchived
            : ExpenseActions.CategoryUnarchived
          : ExpenseActions.CategoryRenamed,
        resourceType: 'expense_category',
        resourceId: id,
        details: rename ? { from: category.name, to: updated.name } : { name: updated.name },
      });
      return toCategoryResponse(updated);
    });
  }

  private async assertNoActiveChildren(
    category: ExpenseCategory,
    manager: EntityManager,
  ): Promise<void> {
    if (category.parentId !== null) return;
    const children = await this.categories.countActiveChildren(category.id, manager);
    if (children > 0) {
      throw new AppException(
        'CONFLICT',
        `The category has ${children} active sub-categor${children === 1 ? 'y' : 'ies'}; archive them first`,
      );
    }
  }

  private async assertParentActive(
    userId: string,
    category: ExpenseCategory,
    manager: EntityManager,
  ): Promise<void> {
    if (category.parentId === null) return;
    const parent = await this.categories.lockOwned(userId, category.parentId, manager);
    if (parent?.archivedAt) {
      throw new AppException('CONFLICT', 'The parent category is archived; unarchive it first');
    }
  }
}

function nameTaken(): AppException {
  return new AppException(
    'ALREADY_EXISTS',
    'A sibling category already has this name, ignoring case',
    { errors: [{ field: 'name', messages: ['name is already used by a sibling category'] }] },
  );
}

function assertUsableParent(parent: ExpenseCategory | null): void {
  if (!parent) {
    throw new AppException('REFERENCED_RESOURCE_NOT_FOUND', 'No such parent category', {
      errors: [{ field: 'parentId', messages: ['parentId must be one of your categories'] }],
    });
  }
  if (parent.parentId !== null) {
    throw new AppException('UNPROCESSABLE', 'Sub-categories go one level deep', {
      errors: [{ field: 'parentId', messages: ['parentId must be a top-level category'] }],
    });
  }
  if (parent.archivedAt !== null) {
    throw new AppException('RESOURCE_ARCHIVED', 'The parent category is archived', {
      errors: [{ field: 'parentId', messages: ['the parent category is archived'] }],
    });
  }
}

function afterCursor(cursor: string): { name: string; id: string } {
  const [name, id] = decodeCursor(cursor, ['string', 'uuid']);
  if (name === null || id === null) {
    throw new AppException('VALIDATION_FAILED', 'The cursor is not valid for this list', {
      errors: [{ field: 'cursor', messages: ['cursor must be a value returned as nextCursor'] }],
    });
  }
  return { name, id };
}

export function toCategoryResponse(category: ExpenseCategory): CategoryResponseDto {
  return {
    id: category.id,
    name: category.name,
    parentId: category.parentId,
    defaultKey: category.defaultKey,
    archived: category.archivedAt !== null,
    archivedAt: category.archivedAt?.toISOString() ?? null,
    createdAt: category.createdAt.toISOString(),
    updatedAt: category.updatedAt.toISOString(),
  };
}
