-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/expenses/import/expense-imports.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- ExpenseImportsRepository.lockUser(userId)
SELECT pg_advisory_xact_lock($1::int, hashtext($2));

-- ExpenseImportsRepository.findImportedKeys(two keys)
SELECT dedupe_key AS "dedupeKey", import_id AS "importId" FROM expense_import_rows
WHERE user_id = $1 AND dedupe_key = ANY($2::varchar[]);

-- ExpenseImportsRepository.insert(one import)
INSERT INTO "expense_imports"("id", "user_id", "status", "file_name", "file_size_bytes", "file_sha256", "options", "row_count", "created_count", "duplicate_count", "skipped_count", "created_categories", "created_at", "undone_at", "deleted_count") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING "created_categories", "created_at";

-- ExpenseImportsRepository.insertRows(one row)
INSERT INTO expense_import_rows (import_id, user_id, line, dedupe_key, expense_id)
SELECT $1, $2, r.line, r.dedupe_key, r.expense_id
FROM unnest($3::int[], $4::varchar[], $5::uuid[]) AS r(line, dedupe_key, expense_id);

-- ExpenseImportsRepository.findOwned(userId, id)
SELECT "ExpenseImport"."id" AS "ExpenseImport_id", "ExpenseImport"."user_id" AS "ExpenseImport_user_id", "ExpenseImport"."status" AS "ExpenseImport_status", "ExpenseImport"."file_name" AS "ExpenseImport_file_name", "ExpenseImport"."file_size_bytes" AS "ExpenseImport_file_size_bytes", "ExpenseImport"."file_sha256" AS "ExpenseImport_file_sha256", "ExpenseImport"."options" AS "ExpenseImport_options", "ExpenseImport"."row_count" AS "ExpenseImport_row_count", "ExpenseImport"."created_count" AS "ExpenseImport_created_count", "ExpenseImport"."duplicate_count" AS "ExpenseImport_duplicate_count", "ExpenseImport"."skipped_count" AS "ExpenseImport_skipped_count", "ExpenseImport"."created_categories" AS "ExpenseImport_created_categories", "ExpenseImport"."created_at" AS "ExpenseImport_created_at", "ExpenseImport"."undone_at" AS "ExpenseImport_undone_at", "ExpenseImport"."deleted_count" AS "ExpenseImport_deleted_count" FROM "expense_imports" "ExpenseImport" WHERE (("ExpenseImport"."user_id" = $1) AND ("ExpenseImport"."id" = $2)) LIMIT 1;

-- ExpenseImportsRepository.lockOwned(userId, id)
SELECT "batch"."id" AS "batch_id", "batch"."user_id" AS "batch_user_id", "batch"."status" AS "batch_status", "batch"."file_name" AS "batch_file_name", "batch"."file_size_bytes" AS "batch_file_size_bytes", "batch"."file_sha256" AS "batch_file_sha256", "batch"."options" AS "batch_options", "batch"."row_count" AS "batch_row_count", "batch"."created_count" AS "batch_created_count", "batch"."duplicate_count" AS "batch_duplicate_count", "batch"."skipped_count" AS "batch_skipped_count", "batch"."created_categories" AS "batch_created_categories", "batch"."created_at" AS "batch_created_at", "batch"."undone_at" AS "batch_undone_at", "batch"."deleted_count" AS "batch_deleted_count" FROM "expense_imports" "batch" WHERE "batch"."user_id" = $1 AND "batch"."id" = $2 FOR UPDATE;

-- ExpenseImportsRepository.list(first page)
SELECT "batch"."id" AS "batch_id", "batch"."user_id" AS "batch_user_id", "batch"."status" AS "batch_status", "batch"."file_name" AS "batch_file_name", "batch"."file_size_bytes" AS "batch_file_size_bytes", "batch"."file_sha256" AS "batch_file_sha256", "batch"."options" AS "batch_options", "batch"."row_count" AS "batch_row_count", "batch"."created_count" AS "batch_created_count", "batch"."duplicate_count" AS "batch_duplicate_count", "batch"."skipped_count" AS "batch_skipped_count", "batch"."created_categories" AS "batch_created_categories", "batch"."created_at" AS "batch_created_at", "batch"."undone_at" AS "batch_undone_at", "batch"."deleted_count" AS "batch_deleted_count" FROM "expense_imports" "batch" WHERE "batch"."user_id" = $1 ORDER BY "batch"."created_at" DESC, "batch"."id" DESC LIMIT 50;

-- ExpenseImportsRepository.list(before a keyset)
SELECT "batch"."id" AS "batch_id", "batch"."user_id" AS "batch_user_id", "batch"."status" AS "batch_status", "batch"."file_name" AS "batch_file_name", "batch"."file_size_bytes" AS "batch_file_size_bytes", "batch"."file_sha256" AS "batch_file_sha256", "batch"."options" AS "batch_options", "batch"."row_count" AS "batch_row_count", "batch"."created_count" AS "batch_created_count", "batch"."duplicate_count" AS "batch_duplicate_count", "batch"."skipped_count" AS "batch_skipped_count", "batch"."created_categories" AS "batch_created_categories", "batch"."created_at" AS "batch_created_at", "batch"."undone_at" AS "batch_undone_at", "batch"."deleted_count" AS "batch_deleted_count" FROM "expense_imports" "batch" WHERE "batch"."user_id" = $1 AND ("batch"."created_at", "batch"."id") < ($2::timestamptz, $3::uuid) ORDER BY "batch"."created_at" DESC, "batch"."id" DESC LIMIT 50;

-- ExpenseImportsRepository.deleteRows(importId)
WITH r AS (DELETE FROM expense_import_rows WHERE import_id = $1 RETURNING expense_id)
SELECT expense_id AS "expenseId" FROM r;

-- ExpenseImportsRepository.markUndone(id, when, count)
UPDATE "expense_imports" SET "status" = $1, "undone_at" = $2, "deleted_count" = $3 WHERE "id" = $4;
