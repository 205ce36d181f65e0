-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/expenses/recurring/recurring-expenses.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- RecurringExpensesRepository.insert(monthly)
WITH r AS (
INSERT INTO recurring_expenses (user_id, category_id, amount, currency, payee, note, tags, vehicle_id, unit, interval_count, day_of_month, start_date, end_date, occurrence_limit, active, materialised_through, next_occurrence_on, version, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1, $18, $18)
RETURNING *
)
SELECT r.id, r.user_id AS "userId", r.category_id AS "categoryId", r.amount::text AS "amount", r.currency, r.payee, r.note, r.tags, r.vehicle_id AS "vehicleId", r.unit, r.interval_count AS "interval", r.day_of_month AS "dayOfMonth", to_char(r.start_date, 'YYYY-MM-DD') AS "startDate", to_char(r.end_date, 'YYYY-MM-DD') AS "endDate", r.occurrence_limit AS "count", r.active, to_char(r.materialised_through, 'YYYY-MM-DD') AS "materialisedThrough", to_char(r.next_occurrence_on, 'YYYY-MM-DD') AS "nextOccurrence", r.version, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM r;

-- RecurringExpensesRepository.findOwned(userId, id)
SELECT r.id, r.user_id AS "userId", r.category_id AS "categoryId", r.amount::text AS "amount", r.currency, r.payee, r.note, r.tags, r.vehicle_id AS "vehicleId", r.unit, r.interval_count AS "interval", r.day_of_month AS "dayOfMonth", to_char(r.start_date, 'YYYY-MM-DD') AS "startDate", to_char(r.end_date, 'YYYY-MM-DD') AS "endDate", r.occurrence_limit AS "count", r.active, to_char(r.materialised_through, 'YYYY-MM-DD') AS "materialisedThrough", to_char(r.next_occurrence_on, 'YYYY-MM-DD') AS "nextOccurrence", r.version, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM recurring_expenses r WHERE r.user_id = $1 AND r.id = $2;

-- RecurringExpensesRepository.lockOwned(userId, id)
SELECT r.id, r.user_id AS "userId", r.category_id AS "categoryId", r.amount::text AS "amount", r.currency, r.payee, r.note, r.tags, r.vehicle_id AS "vehicleId", r.unit, r.interval_count AS "interval", r.day_of_month AS "dayOfMonth", to_char(r.start_date, 'YYYY-MM-DD') AS "startDate", to_char(r.end_date, 'YYYY-MM-DD') AS "endDate", r.occurrence_limit AS "count", r.active, to_char(r.materialised_through, 'YYYY-MM-DD') AS "materialisedThrough", to_char(r.next_occurrence_on, 'YYYY-MM-DD') AS "nextOccurrence", r.version, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM recurring_expenses r WHERE r.user_id = $1 AND r.id = $2 FOR UPDATE;

-- RecurringExpensesRepository.update(amount)
WITH r AS (
UPDATE recurring_expenses
SET amount = $4, version = version + 1, updated_at = $3
WHERE user_id = $1 AND id = $2
RETURNING *
)
SELECT r.id, r.user_id AS "userId", r.category_id AS "categoryId", r.amount::text AS "amount", r.currency, r.payee, r.note, r.tags, r.vehicle_id AS "vehicleId", r.unit, r.interval_count AS "interval", r.day_of_month AS "dayOfMonth", to_char(r.start_date, 'YYYY-MM-DD') AS "startDate", to_char(r.end_date, 'YYYY-MM-DD') AS "endDate", r.occurrence_limit AS "count", r.active, to_char(r.materialised_through, 'YYYY-MM-DD') AS "materialisedThrough", to_char(r.next_occurrence_on, 'YYYY-MM-DD') AS "nextOccurrence", r.version, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM r;

-- RecurringExpensesRepository.deleteOwned(userId, id)
WITH r AS (
DELETE FROM recurring_expenses WHERE user_id = $1 AND id = $2 RETURNING *
)
SELECT r.id, r.user_id AS "userId", r.category_id AS "categoryId", r.amount::text AS "amount", r.currency, r.payee, r.note, r.tags, r.vehicle_id AS "vehicleId", r.unit, r.interval_count AS "interval", r.day_of_month AS "dayOfMonth", to_char(r.start_date, 'YYYY-MM-DD') AS "startDate", to_char(r.end_date, 'YYYY-MM-DD') AS "endDate", r.occurrence_limit AS "count", r.active, to_char(r.materialised_through, 'YYYY-MM-DD') AS "materialisedThrough", to_char(r.next_occurrence_on, 'YYYY-MM-DD') AS "nextOccurrence", r.version, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM r;

-- RecurringExpensesRepository.list(first page)
SELECT r.id, r.user_id AS "userId", r.category_id AS "categoryId", r.amount::text AS "amount", r.currency, r.payee, r.note, r.tags, r.vehicle_id AS "vehicleId", r.unit, r.interval_count AS "interval", r.day_of_month AS "dayOfMonth", to_char(r.start_date, 'YYYY-MM-DD') AS "startDate", to_char(r.end_date, 'YYYY-MM-DD') AS "endDate", r.occurrence_limit AS "count", r.active, to_char(r.materialised_through, 'YYYY-MM-DD') AS "materialisedThrough", to_char(r.next_occurrence_on, 'YYYY-MM-DD') AS "nextOccurrence", r.version, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM recurring_expenses r WHERE r.user_id = $1
ORDER BY r.created_at, r.id LIMIT $2;

-- RecurringExpensesRepository.list(active only, after a keyset)
SELECT r.id, r.user_id AS "userId", r.category_id AS "categoryId", r.amount::text AS "amount", r.currency, r.payee, r.note, r.tags, r.vehicle_id AS "vehicleId", r.unit, r.interval_count AS "interval", r.day_of_month AS "dayOfMonth", to_char(r.start_date, 'YYYY-MM-DD') AS "startDate", to_char(r.end_date, 'YYYY-MM-DD') AS "endDate", r.occurrence_limit AS "count", r.active, to_char(r.materialised_through, 'YYYY-MM-DD') AS "materialisedThrough", to_char(r.next_occurrence_on, 'YYYY-MM-DD') AS "nextOccurrence", r.version, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM recurring_expenses r WHERE r.user_id = $1 AND r.active = $2 AND (r.created_at, r.id) > ($3::timestamptz, $4::uuid)
ORDER BY r.created_at, r.id LIMIT $5;

-- RecurringExpensesRepository.findDueIds(first page)
SELECT id FROM recurring_expenses
WHERE active AND next_occurrence_on <= $1 AND ($2::uuid IS NULL OR id > $2)
ORDER BY id LIMIT $3;

-- RecurringExpensesRepository.findDueIds(after an id)
SELECT id FROM recurring_expenses
WHERE active AND next_occurrence_on <= $1 AND ($2::uuid IS NULL OR id > $2)
ORDER BY id LIMIT $3;

-- RecurringExpensesRepository.lockIfDue(id, today)
SELECT r.id, r.user_id AS "userId", r.category_id AS "categoryId", r.amount::text AS "amount", r.currency, r.payee, r.note, r.tags, r.vehicle_id AS "vehicleId", r.unit, r.interval_count AS "interval", r.day_of_month AS "dayOfMonth", to_char(r.start_date, 'YYYY-MM-DD') AS "startDate", to_char(r.end_date, 'YYYY-MM-DD') AS "endDate", r.occurrence_limit AS "count", r.active, to_char(r.materialised_through, 'YYYY-MM-DD') AS "materialisedThrough", to_char(r.next_occurrence_on, 'YYYY-MM-DD') AS "nextOccurrence", r.version, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM recurring_expenses r
WHERE r.id = $1 AND r.active AND r.next_occurrence_on <= $2
FOR UPDATE SKIP LOCKED;

-- RecurringExpensesRepository.advance(id, through, next)
UPDATE recurring_expenses SET materialised_through = $2, next_occurrence_on = $3
WHERE id = $1;
