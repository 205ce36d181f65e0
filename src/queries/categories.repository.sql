-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/expenses/categories/categories.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- CategoriesRepository.seedDefaults(a user who has categories)
INSERT INTO expense_categories (user_id, name, default_key)
SELECT $1, defaults.name, defaults.key
FROM unnest($2::varchar[], $3::varchar[]) AS defaults(key, name)
WHERE NOT EXISTS (SELECT 1 FROM expense_categories WHERE user_id = $1)
ON CONFLICT DO NOTHING;

-- CategoriesRepository.findDefaultIds(userId)
SELECT id, default_key FROM expense_categories
WHERE user_id = $1 AND default_key IS NOT NULL;

-- CategoriesRepository.findOwned(userId, id)
SELECT "ExpenseCategory"."id" AS "ExpenseCategory_id", "ExpenseCategory"."user_id" AS "ExpenseCategory_user_id", "ExpenseCategory"."parent_id" AS "ExpenseCategory_parent_id", "ExpenseCategory"."name" AS "ExpenseCategory_name", "ExpenseCategory"."default_key" AS "ExpenseCategory_default_key", "ExpenseCategory"."archived_at" AS "ExpenseCategory_archived_at", "ExpenseCategory"."created_at" AS "ExpenseCategory_created_at", "ExpenseCategory"."updated_at" AS "ExpenseCategory_updated_at" FROM "expense_categories" "ExpenseCategory" WHERE (("ExpenseCategory"."user_id" = $1) AND ("ExpenseCategory"."id" = $2)) LIMIT 1;

-- CategoriesRepository.lockOwned(userId, id)
SELECT "category"."id" AS "category_id", "category"."user_id" AS "category_user_id", "category"."parent_id" AS "category_parent_id", "category"."name" AS "category_name", "category"."default_key" AS "category_default_key", "category"."archived_at" AS "category_archived_at", "category"."created_at" AS "category_created_at", "category"."updated_at" AS "category_updated_at" FROM "expense_categories" "category" WHERE "category"."user_id" = $1 AND "category"."id" = $2 FOR UPDATE;

-- CategoriesRepository.lockForAssignment(userId, id)
SELECT id, archived_at IS NOT NULL AS archived FROM expense_categories
WHERE user_id = $1 AND id = $2 FOR SHARE;

-- CategoriesRepository.lockAssignableIds(userId)
SELECT id FROM expense_categories WHERE user_id = $1 AND archived_at IS NULL FOR SHARE;

-- CategoriesRepository.findAllRefs(userId)
SELECT id, name, parent_id AS "parentId", default_key AS "defaultKey",
archived_at IS NOT NULL AS archived
FROM expense_categories WHERE user_id = $1;

-- CategoriesRepository.findIdsWithChildren(userId, id)
SELECT id FROM expense_categories WHERE user_id = $1 AND (id = $2 OR parent_id = $2);

-- CategoriesRepository.countActiveChildren(parentId)
SELECT COUNT(1) AS "cnt" FROM "expense_categories" "category" WHERE "category"."parent_id" = $1 AND "category"."archived_at" IS NULL;

-- CategoriesRepository.insertIfNameFree(a sub-category)
INSERT INTO expense_categories (user_id, parent_id, name, created_at, updated_at)
VALUES ($1, $2, $3, $4, $4)
ON CONFLICT DO NOTHING
RETURNING *;

-- CategoriesRepository.renameIfNameFree(a top-level category)
UPDATE expense_categories SET name = $2, updated_at = $3
WHERE id = $1 AND NOT EXISTS (
SELECT 1 FROM expense_categories sibling
WHERE sibling.user_id = $4
AND coalesce(sibling.parent_id, '00000000-0000-0000-0000-000000000000'::uuid)
= coalesce($5::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
AND lower(sibling.name) = lower($2) AND sibling.id <> $1
);

-- CategoriesRepository.setArchivedAt(archive)
UPDATE "expense_categories" SET "archived_at" = $1, "updated_at" = $2 WHERE "id" = $3;

-- CategoriesRepository.setArchivedAt(restore)
UPDATE "expense_categories" SET "archived_at" = $1, "updated_at" = $2 WHERE "id" = $3;

-- CategoriesRepository.search(not archived, first page)
SELECT "category"."id" AS "category_id", "category"."user_id" AS "category_user_id", "category"."parent_id" AS "category_parent_id", "category"."name" AS "category_name", "category"."default_key" AS "category_default_key", "category"."archived_at" AS "category_archived_at", "category"."created_at" AS "category_created_at", "category"."updated_at" AS "category_updated_at" FROM "expense_categories" "category" WHERE "category"."user_id" = $1 AND "category"."archived_at" IS NULL ORDER BY lower("category"."name") ASC, "category"."id" ASC LIMIT 51;

-- CategoriesRepository.search(archived only, top level, after a keyset)
SELECT "category"."id" AS "category_id", "category"."user_id" AS "category_user_id", "category"."parent_id" AS "category_parent_id", "category"."name" AS "category_name", "category"."default_key" AS "category_default_key", "category"."archived_at" AS "category_archived_at", "category"."created_at" AS "category_created_at", "category"."updated_at" AS "category_updated_at" FROM "expense_categories" "category" WHERE "category"."user_id" = $1 AND "category"."archived_at" IS NOT NULL AND "category"."parent_id" IS NULL AND (lower("category"."name"), "category"."id") > (lower($2), $3) ORDER BY lower("category"."name") ASC, "category"."id" ASC LIMIT 51;

-- CategoriesRepository.search(any, children of one)
SELECT "category"."id" AS "category_id", "category"."user_id" AS "category_user_id", "category"."parent_id" AS "category_parent_id", "category"."name" AS "category_name", "category"."default_key" AS "category_default_key", "category"."archived_at" AS "category_archived_at", "category"."created_at" AS "category_created_at", "category"."updated_at" AS "category_updated_at" FROM "expense_categories" "category" WHERE "category"."user_id" = $1 AND "category"."parent_id" = $2 ORDER BY lower("category"."name") ASC, "category"."id" ASC LIMIT 51;
