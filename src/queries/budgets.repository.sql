-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/expenses/budgets/budgets.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- BudgetsRepository.lockUserBudgets(userId)
SELECT pg_advisory_xact_lock($1::int, $2::int);

-- BudgetsRepository.countOwned(userId)
SELECT count(*)::int AS count FROM budgets WHERE user_id = $1;

-- BudgetsRepository.findOverlapping(category, open-ended, except one)
SELECT id FROM budgets
WHERE user_id = $1 AND category_id IS NOT DISTINCT FROM $2::uuid
AND ($5::uuid IS NULL OR id <> $5::uuid)
AND start_month <= coalesce($4::date, 'infinity'::date)
AND coalesce(end_month, 'infinity'::date) >= $3::date
LIMIT 1;

-- BudgetsRepository.findOverlapping(overall, bounded, none excepted)
SELECT id FROM budgets
WHERE user_id = $1 AND category_id IS NOT DISTINCT FROM $2::uuid
AND ($5::uuid IS NULL OR id <> $5::uuid)
AND start_month <= coalesce($4::date, 'infinity'::date)
AND coalesce(end_month, 'infinity'::date) >= $3::date
LIMIT 1;

-- BudgetsRepository.insert(overall budget)
WITH b AS (
INSERT INTO budgets (user_id, category_id, name, amount, currency, rollover, start_month, end_month, version, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)
RETURNING *
)
SELECT b.id, b.user_id AS "userId", b.category_id AS "categoryId", b.name, b.amount::text AS "amount", b.currency, b.rollover, to_char(b.start_month, 'YYYY-MM') AS "startMonth", to_char(b.end_month, 'YYYY-MM') AS "endMonth", b.version, to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM b;

-- BudgetsRepository.findOwned(userId, id)
SELECT b.id, b.user_id AS "userId", b.category_id AS "categoryId", b.name, b.amount::text AS "amount", b.currency, b.rollover, to_char(b.start_month, 'YYYY-MM') AS "startMonth", to_char(b.end_month, 'YYYY-MM') AS "endMonth", b.version, to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM budgets b WHERE b.user_id = $1 AND b.id = $2;

-- BudgetsRepository.lockOwned(userId, id)
SELECT b.id, b.user_id AS "userId", b.category_id AS "categoryId", b.name, b.amount::text AS "amount", b.currency, b.rollover, to_char(b.start_month, 'YYYY-MM') AS "startMonth", to_char(b.end_month, 'YYYY-MM') AS "endMonth", b.version, to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM budgets b WHERE b.user_id = $1 AND b.id = $2 FOR UPDATE;

-- BudgetsRepository.lockAllOwned(userId)
SELECT b.id, b.user_id AS "userId", b.category_id AS "categoryId", b.name, b.amount::text AS "amount", b.currency, b.rollover, to_char(b.start_month, 'YYYY-MM') AS "startMonth", to_char(b.end_month, 'YYYY-MM') AS "endMonth", b.version, to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM budgets b WHERE b.user_id = $1 ORDER BY b.id FOR UPDATE;

-- BudgetsRepository.update(amount)
WITH b AS (
UPDATE budgets
SET amount = $4, version = version + 1, updated_at = $3
WHERE user_id = $1 AND id = $2
RETURNING *
)
SELECT b.id, b.user_id AS "userId", b.category_id AS "categoryId", b.name, b.amount::text AS "amount", b.currency, b.rollover, to_char(b.start_month, 'YYYY-MM') AS "startMonth", to_char(b.end_month, 'YYYY-MM') AS "endMonth", b.version, to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM b;

-- BudgetsRepository.deleteOwned(userId, id)
WITH b AS (
DELETE FROM budgets WHERE user_id = $1 AND id = $2 RETURNING *
)
SELECT b.id, b.user_id AS "userId", b.category_id AS "categoryId", b.name, b.amount::text AS "amount", b.currency, b.rollover, to_char(b.start_month, 'YYYY-MM') AS "startMonth", to_char(b.end_month, 'YYYY-MM') AS "endMonth", b.version, to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM b;

-- BudgetsRepository.list(no filter, first page)
SELECT b.id, b.user_id AS "userId", b.category_id AS "categoryId", b.name, b.amount::text AS "amount", b.currency, b.rollover, to_char(b.start_month, 'YYYY-MM') AS "startMonth", to_char(b.end_month, 'YYYY-MM') AS "endMonth", b.version, to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM budgets b WHERE b.user_id = $1
ORDER BY b.created_at, b.id LIMIT $2;

-- BudgetsRepository.list(every filter, after a keyset)
SELECT b.id, b.user_id AS "userId", b.category_id AS "categoryId", b.name, b.amount::text AS "amount", b.currency, b.rollover, to_char(b.start_month, 'YYYY-MM') AS "startMonth", to_char(b.end_month, 'YYYY-MM') AS "endMonth", b.version, to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM budgets b WHERE b.user_id = $1 AND b.category_id = $2::uuid AND b.category_id IS NOT NULL AND b.start_month <= $3::date AND (b.end_month IS NULL OR b.end_month >= $3::date) AND (b.created_at, b.id) > ($4::timestamptz, $5::uuid)
ORDER BY b.created_at, b.id LIMIT $6;

-- BudgetsRepository.findActiveIn(userId, month)
SELECT b.id, b.user_id AS "userId", b.category_id AS "categoryId", b.name, b.amount::text AS "amount", b.currency, b.rollover, to_char(b.start_month, 'YYYY-MM') AS "startMonth", to_char(b.end_month, 'YYYY-MM') AS "endMonth", b.version, to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(b.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM budgets b
WHERE b.user_id = $1 AND b.start_month <= $2::date
AND (b.end_month IS NULL OR b.end_month >= $2::date)
ORDER BY b.created_at, b.id;

-- BudgetsRepository.hasBudgetsFrom(userId, month)
SELECT EXISTS (
SELECT 1 FROM budgets WHERE user_id = $1 AND (end_month IS NULL OR end_month >= $2::date)
) AS found;

-- BudgetsRepository.findUserIdsActiveIn(first page)
SELECT DISTINCT user_id AS "userId" FROM budgets
WHERE start_month <= $1::date AND (end_month IS NULL OR end_month >= $1::date)
AND ($2::uuid IS NULL OR user_id > $2::uuid)
ORDER BY user_id LIMIT $3;

-- BudgetsRepository.findUserIdsActiveIn(after a user)
SELECT DISTINCT user_id AS "userId" FROM budgets
WHERE start_month <= $1::date AND (end_month IS NULL OR end_month >= $1::date)
AND ($2::uuid IS NULL OR user_id > $2::uuid)
ORDER BY user_id LIMIT $3;
