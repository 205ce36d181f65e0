-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/expenses/base-amounts/base-amounts.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- BaseAmountsRepository.lockUserBatch(first batch)
SELECT
id, user_id AS "userId", to_char(spent_on, 'YYYY-MM-DD') AS date, amount::text AS amount,
currency, base_currency AS "baseCurrency", fx_source AS "fxSource",
fx_missing_reason AS "fxMissingReason", fx_missing_detail AS "fxMissingDetail", version FROM expenses
WHERE user_id = $1 AND ($2::uuid IS NULL OR id > $2)
ORDER BY id LIMIT $3 FOR UPDATE;

-- BaseAmountsRepository.lockUserBatch(after an id)
SELECT
id, user_id AS "userId", to_char(spent_on, 'YYYY-MM-DD') AS date, amount::text AS amount,
currency, base_currency AS "baseCurrency", fx_source AS "fxSource",
fx_missing_reason AS "fxMissingReason", fx_missing_detail AS "fxMissingDetail", version FROM expenses
WHERE user_id = $1 AND ($2::uuid IS NULL OR id > $2)
ORDER BY id LIMIT $3 FOR UPDATE;

-- BaseAmountsRepository.findMissingBatch(first batch)
SELECT
id, user_id AS "userId", to_char(spent_on, 'YYYY-MM-DD') AS date, amount::text AS amount,
currency, base_currency AS "baseCurrency", fx_source AS "fxSource",
fx_missing_reason AS "fxMissingReason", fx_missing_detail AS "fxMissingDetail", version FROM expenses
WHERE base_amount IS NULL AND ($1::date IS NULL OR (spent_on, id) > ($1::date, $2::uuid))
ORDER BY spent_on, id LIMIT $3;

-- BaseAmountsRepository.findMissingBatch(after a date and id)
SELECT
id, user_id AS "userId", to_char(spent_on, 'YYYY-MM-DD') AS date, amount::text AS amount,
currency, base_currency AS "baseCurrency", fx_source AS "fxSource",
fx_missing_reason AS "fxMissingReason", fx_missing_detail AS "fxMissingDetail", version FROM expenses
WHERE base_amount IS NULL AND ($1::date IS NULL OR (spent_on, id) > ($1::date, $2::uuid))
ORDER BY spent_on, id LIMIT $3;

-- BaseAmountsRepository.writeConversions(one conversion, only missing)
WITH written AS (
UPDATE expenses e SET
base_currency = r.base_currency, base_amount = r.base_amount, fx_rate = r.fx_rate,
fx_rate_date = r.fx_rate_date, fx_source = r.fx_source,
fx_missing_reason = r.fx_missing_reason, fx_missing_detail = r.fx_missing_detail,
version = e.version + 1, updated_at = $2
FROM json_to_recordset($1::json) AS r(id uuid, version int, base_currency char(3),
base_amount numeric, fx_rate numeric, fx_rate_date date, fx_source varchar,
fx_missing_reason varchar, fx_missing_detail varchar)
WHERE e.id = r.id AND e.version = r.version
AND ($3::boolean IS FALSE OR e.base_amount IS NULL)
RETURNING e.id, e.user_id
)
SELECT id, user_id AS "userId" FROM written;

-- BaseAmountsRepository.writeConversions(one conversion, any)
WITH written AS (
UPDATE expenses e SET
base_currency = r.base_currency, base_amount = r.base_amount, fx_rate = r.fx_rate,
fx_rate_date = r.fx_rate_date, fx_source = r.fx_source,
fx_missing_reason = r.fx_missing_reason, fx_missing_detail = r.fx_missing_detail,
version = e.version + 1, updated_at = $2
FROM json_to_recordset($1::json) AS r(id uuid, version int, base_currency char(3),
base_amount numeric, fx_rate numeric, fx_rate_date date, fx_source varchar,
fx_missing_reason varchar, fx_missing_detail varchar)
WHERE e.id = r.id AND e.version = r.version
AND ($3::boolean IS FALSE OR e.base_amount IS NULL)
RETURNING e.id, e.user_id
)
SELECT id, user_id AS "userId" FROM written;
