-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/expenses/expenses.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- ExpensesRepository.insertMany(one row)
WITH e AS (INSERT INTO expenses (id, user_id, category_id, spent_on, amount, currency, base_currency, base_amount, fx_rate, fx_rate_date, fx_source, fx_missing_reason, fx_missing_detail, payee, note, tags, vehicle_id, version, created_at, updated_at)
SELECT r.id, r.user_id, r.category_id, r.spent_on, r.amount, r.currency, r.base_currency, r.base_amount, r.fx_rate, r.fx_rate_date, r.fx_source, r.fx_missing_reason, r.fx_missing_detail, r.payee, r.note, r.tags, r.vehicle_id, 1, $2, $2
FROM json_to_recordset($1::json) AS r(id uuid, user_id uuid, category_id uuid, spent_on date, amount numeric, currency char(3), base_currency char(3), base_amount numeric, fx_rate numeric, fx_rate_date date, fx_source varchar, fx_missing_reason varchar, fx_missing_detail varchar, payee varchar, note varchar, tags text[], vehicle_id uuid) RETURNING *) SELECT e.id, e.user_id AS "userId", e.category_id AS "categoryId", to_char(e.spent_on, 'YYYY-MM-DD') AS "date", e.amount::text AS "amount", e.currency, e.base_currency AS "baseCurrency", e.base_amount::text AS "baseAmount", e.fx_rate::text AS "fxRate", to_char(e.fx_rate_date, 'YYYY-MM-DD') AS "fxRateDate", e.fx_source AS "fxSource", e.fx_missing_reason AS "fxMissingReason", e.fx_missing_detail AS "fxMissingDetail", e.payee, e.note, e.tags, e.vehicle_id AS "vehicleId", e.version, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM e;

-- ExpensesRepository.insertManyQuietly(one row)
INSERT INTO expenses (id, user_id, category_id, spent_on, amount, currency, base_currency, base_amount, fx_rate, fx_rate_date, fx_source, fx_missing_reason, fx_missing_detail, payee, note, tags, vehicle_id, version, created_at, updated_at)
SELECT r.id, r.user_id, r.category_id, r.spent_on, r.amount, r.currency, r.base_currency, r.base_amount, r.fx_rate, r.fx_rate_date, r.fx_source, r.fx_missing_reason, r.fx_missing_detail, r.payee, r.note, r.tags, r.vehicle_id, 1, $2, $2
FROM json_to_recordset($1::json) AS r(id uuid, user_id uuid, category_id uuid, spent_on date, amount numeric, currency char(3), base_currency char(3), base_amount numeric, fx_rate numeric, fx_rate_date date, fx_source varchar, fx_missing_reason varchar, fx_missing_detail varchar, payee varchar, note varchar, tags text[], vehicle_id uuid);

-- ExpensesRepository.findOwned(userId, id)
SELECT e.id, e.user_id AS "userId", e.category_id AS "categoryId", to_char(e.spent_on, 'YYYY-MM-DD') AS "date", e.amount::text AS "amount", e.currency, e.base_currency AS "baseCurrency", e.base_amount::text AS "baseAmount", e.fx_rate::text AS "fxRate", to_char(e.fx_rate_date, 'YYYY-MM-DD') AS "fxRateDate", e.fx_source AS "fxSource", e.fx_missing_reason AS "fxMissingReason", e.fx_missing_detail AS "fxMissingDetail", e.payee, e.note, e.tags, e.vehicle_id AS "vehicleId", e.version, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM expenses e WHERE e.user_id = $1 AND e.id = $2;

-- ExpensesRepository.lockOwned(userId, id)
SELECT e.id, e.user_id AS "userId", e.category_id AS "categoryId", to_char(e.spent_on, 'YYYY-MM-DD') AS "date", e.amount::text AS "amount", e.currency, e.base_currency AS "baseCurrency", e.base_amount::text AS "baseAmount", e.fx_rate::text AS "fxRate", to_char(e.fx_rate_date, 'YYYY-MM-DD') AS "fxRateDate", e.fx_source AS "fxSource", e.fx_missing_reason AS "fxMissingReason", e.fx_missing_detail AS "fxMissingDetail", e.payee, e.note, e.tags, e.vehicle_id AS "vehicleId", e.version, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM expenses e WHERE e.user_id = $1 AND e.id = $2 FOR UPDATE;

-- ExpensesRepository.update(amount and payee)
WITH e AS (
UPDATE expenses
SET amount = $4, payee = $5, version = version + 1, updated_at = $3
WHERE user_id = $1 AND id = $2
RETURNING *
)
SELECT e.id, e.user_id AS "userId", e.category_id AS "categoryId", to_char(e.spent_on, 'YYYY-MM-DD') AS "date", e.amount::text AS "amount", e.currency, e.base_currency AS "baseCurrency", e.base_amount::text AS "baseAmount", e.fx_rate::text AS "fxRate", to_char(e.fx_rate_date, 'YYYY-MM-DD') AS "fxRateDate", e.fx_source AS "fxSource", e.fx_missing_reason AS "fxMissingReason", e.fx_missing_detail AS "fxMissingDetail", e.payee, e.note, e.tags, e.vehicle_id AS "vehicleId", e.version, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM e;

-- ExpensesRepository.deleteOwned(userId, id)
WITH e AS (
DELETE FROM expenses WHERE user_id = $1 AND id = $2 RETURNING *
)
SELECT e.id, e.user_id AS "userId", e.category_id AS "categoryId", to_char(e.spent_on, 'YYYY-MM-DD') AS "date", e.amount::text AS "amount", e.currency, e.base_currency AS "baseCurrency", e.base_amount::text AS "baseAmount", e.fx_rate::text AS "fxRate", to_char(e.fx_rate_date, 'YYYY-MM-DD') AS "fxRateDate", e.fx_source AS "fxSource", e.fx_missing_reason AS "fxMissingReason", e.fx_missing_detail AS "fxMissingDetail", e.payee, e.note, e.tags, e.vehicle_id AS "vehicleId", e.version, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM e;

-- ExpensesRepository.deleteManyOwned(two ids)
WITH e AS (DELETE FROM expenses WHERE user_id = $1 AND id = ANY($2::uuid[]) RETURNING id)
SELECT id FROM e;

-- ExpensesRepository.findSameDayAmounts(one candidate)
SELECT to_char(e.spent_on, 'YYYY-MM-DD') AS date, e.amount::text AS amount, e.currency,
e.payee
FROM expenses e
JOIN (SELECT DISTINCT * FROM unnest($2::date[], $3::numeric[], $4::char(3)[]))
AS c(spent_on, amount, currency)
ON e.spent_on = c.spent_on AND e.amount = c.amount AND e.currency = c.currency
WHERE e.user_id = $1;

-- ExpensesRepository.list(no filter, date desc, first page)
SELECT e.id, e.user_id AS "userId", e.category_id AS "categoryId", to_char(e.spent_on, 'YYYY-MM-DD') AS "date", e.amount::text AS "amount", e.currency, e.base_currency AS "baseCurrency", e.base_amount::text AS "baseAmount", e.fx_rate::text AS "fxRate", to_char(e.fx_rate_date, 'YYYY-MM-DD') AS "fxRateDate", e.fx_source AS "fxSource", e.fx_missing_reason AS "fxMissingReason", e.fx_missing_detail AS "fxMissingDetail", e.payee, e.note, e.tags, e.vehicle_id AS "vehicleId", e.version, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM expenses e WHERE e.user_id = $1::uuid ORDER BY e.spent_on DESC, e.id DESC LIMIT $2;

-- ExpensesRepository.list(every filter, createdAt asc, after a keyset)
SELECT e.id, e.user_id AS "userId", e.category_id AS "categoryId", to_char(e.spent_on, 'YYYY-MM-DD') AS "date", e.amount::text AS "amount", e.currency, e.base_currency AS "baseCurrency", e.base_amount::text AS "baseAmount", e.fx_rate::text AS "fxRate", to_char(e.fx_rate_date, 'YYYY-MM-DD') AS "fxRateDate", e.fx_source AS "fxSource", e.fx_missing_reason AS "fxMissingReason", e.fx_missing_detail AS "fxMissingDetail", e.payee, e.note, e.tags, e.vehicle_id AS "vehicleId", e.version, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM (SELECT * FROM expenses e WHERE e.user_id IS NOT DISTINCT FROM $1::uuid AND e.spent_on >= $2::date AND e.spent_on <= $3::date AND e.category_id = $4::uuid AND expense_tag_keys(e.user_id, e.tags) @> ARRAY[$5]::text[] AND expense_search_document(e.user_id, e.payee, e.note) @@ (
SELECT string_agg(quote_literal($1::text || ':' || words.lexeme) || ':*', ' & ')
FROM unnest(to_tsvector('simple'::regconfig, $6::text)) AS words
)::tsquery AND e.base_amount >= $7::numeric AND e.base_amount <= $8::numeric AND e.currency = $9 AND (e.created_at, e.id) > ($10::timestamptz, $11::uuid) OFFSET 0) e ORDER BY e.created_at ASC, e.id ASC LIMIT $12;

-- ExpensesRepository.list(no filter, amount asc: with base amount, then the tail without)
SELECT e.id, e.user_id AS "userId", e.category_id AS "categoryId", to_char(e.spent_on, 'YYYY-MM-DD') AS "date", e.amount::text AS "amount", e.currency, e.base_currency AS "baseCurrency", e.base_amount::text AS "baseAmount", e.fx_rate::text AS "fxRate", to_char(e.fx_rate_date, 'YYYY-MM-DD') AS "fxRateDate", e.fx_source AS "fxSource", e.fx_missing_reason AS "fxMissingReason", e.fx_missing_detail AS "fxMissingDetail", e.payee, e.note, e.tags, e.vehicle_id AS "vehicleId", e.version, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM expenses e WHERE e.user_id = $1::uuid AND e.base_amount IS NOT NULL ORDER BY e.base_amount ASC, e.id ASC LIMIT $2;
SELECT e.id, e.user_id AS "userId", e.category_id AS "categoryId", to_char(e.spent_on, 'YYYY-MM-DD') AS "date", e.amount::text AS "amount", e.currency, e.base_currency AS "baseCurrency", e.base_amount::text AS "baseAmount", e.fx_rate::text AS "fxRate", to_char(e.fx_rate_date, 'YYYY-MM-DD') AS "fxRateDate", e.fx_source AS "fxSource", e.fx_missing_reason AS "fxMissingReason", e.fx_missing_detail AS "fxMissingDetail", e.payee, e.note, e.tags, e.vehicle_id AS "vehicleId", e.version, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM expenses e WHERE e.user_id = $1::uuid AND e.base_amount IS NULL ORDER BY e.id ASC LIMIT $2;

-- ExpensesRepository.stream(no filter, date asc, batches of 1000)
SELECT e.id, e.user_id AS "userId", e.category_id AS "categoryId", to_char(e.spent_on, 'YYYY-MM-DD') AS "date", e.amount::text AS "amount", e.currency, e.base_currency AS "baseCurrency", e.base_amount::text AS "baseAmount", e.fx_rate::text AS "fxRate", to_char(e.fx_rate_date, 'YYYY-MM-DD') AS "fxRateDate", e.fx_source AS "fxSource", e.fx_missing_reason AS "fxMissingReason", e.fx_missing_detail AS "fxMissingDetail", e.payee, e.note, e.tags, e.vehicle_id AS "vehicleId", e.version, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt" FROM expenses e WHERE e.user_id = $1::uuid ORDER BY e.spent_on ASC, e.id ASC LIMIT $2;
