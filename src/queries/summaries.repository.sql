-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/expenses/summaries/summaries.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- SummariesRepository.summarise(groupBy category, no filter)
WITH owner AS (
SELECT $5::varchar AS base_currency
),
scoped AS (
SELECT e.spent_on >= $2::date AS current,
CASE WHEN e.base_currency = owner.base_currency THEN e.base_amount END AS amount,
e.category_id AS raw_key
FROM expenses e CROSS JOIN owner
WHERE e.user_id = $1 AND e.spent_on >= $4::date AND e.spent_on <= $3::date
),
by_key AS (
SELECT s.raw_key AS raw_key,
coalesce(sum(s.amount) FILTER (WHERE s.current), 0) AS total,
count(s.amount) FILTER (WHERE s.current)::int AS count,
coalesce(sum(s.amount) FILTER (WHERE NOT s.current), 0) AS previous_total,
count(s.amount) FILTER (WHERE NOT s.current)::int AS previous_count,
count(*) FILTER (WHERE s.current AND s.amount IS NULL)::int AS unconverted,
count(*) FILTER (WHERE NOT s.current AND s.amount IS NULL)::int AS previous_unconverted
FROM scoped s
GROUP BY s.raw_key
),
totals AS (
SELECT coalesce(sum(total), 0) AS total, coalesce(sum(count), 0)::int AS count,
coalesce(sum(previous_total), 0) AS previous_total,
coalesce(sum(previous_count), 0)::int AS previous_count,
coalesce(sum(unconverted), 0)::int AS unconverted,
coalesce(sum(previous_unconverted), 0)::int AS previous_unconverted
FROM by_key
),
groups AS (
SELECT top.id::text AS key, top.name::text AS label, NULL::text AS parent_key,
NULL::text AS parent_label, sum(b.total) AS total, sum(b.count)::int AS count,
sum(b.previous_total) AS previous_total, sum(b.previous_count)::int AS previous_count
FROM by_key b
JOIN expense_categories c ON c.id = b.raw_key AND c.user_id = $1
JOIN expense_categories top ON top.id = coalesce(c.parent_id, c.id) AND top.user_id = $1
WHERE b.count + b.previous_count > 0
GROUP BY top.id, top.name),
page AS (
SELECT * FROM groups ORDER BY total DESC, previous_total DESC, label, key LIMIT $6
)
SELECT owner.base_currency AS "baseCurrency", t.total::text AS total, t.count,
t.previous_total::text AS "previousTotal", t.previous_count AS "previousCount",
t.unconverted, t.previous_unconverted AS "previousUnconverted",
(SELECT count(*)::int FROM groups) AS "groupCount",
coalesce(
(SELECT json_agg(json_build_object(
'key', key, 'label', label, 'parentKey', parent_key, 'parentLabel', parent_label,
'total', total::text, 'count', count, 'previousTotal', previous_total::text,
'previousCount', previous_count) ORDER BY total DESC, previous_total DESC, label, key)
FROM page),
'[]'::json
) AS groups
FROM owner CROSS JOIN totals t;

-- SummariesRepository.summarise(groupBy subcategory, no filter)
WITH owner AS (
SELECT $5::varchar AS base_currency
),
scoped AS (
SELECT e.spent_on >= $2::date AS current,
CASE WHEN e.base_currency = owner.base_currency THEN e.base_amount END AS amount,
e.category_id AS raw_key
FROM expenses e CROSS JOIN owner
WHERE e.user_id = $1 AND e.spent_on >= $4::date AND e.spent_on <= $3::date
),
by_key AS (
SELECT s.raw_key AS raw_key,
coalesce(sum(s.amount) FILTER (WHERE s.current), 0) AS total,
count(s.amount) FILTER (WHERE s.current)::int AS count,
coalesce(sum(s.amount) FILTER (WHERE NOT s.current), 0) AS previous_total,
count(s.amount) FILTER (WHERE NOT s.current)::int AS previous_count,
count(*) FILTER (WHERE s.current AND s.amount IS NULL)::int AS unconverted,
count(*) FILTER (WHERE NOT s.current AND s.amount IS NULL)::int AS previous_unconverted
FROM scoped s
GROUP BY s.raw_key
),
totals AS (
SELECT coalesce(sum(total), 0) AS total, coalesce(sum(count), 0)::int AS count,
coalesce(sum(previous_total), 0) AS previous_total,
coalesce(sum(previous_count), 0)::int AS previous_count,
coalesce(sum(unconverted), 0)::int AS unconverted,
coalesce(sum(previous_unconverted), 0)::int AS previous_unconverted
FROM by_key
),
groups AS (
SELECT c.id::text AS key, c.name::text AS label, p.id::text AS parent_key,
p.name::text AS parent_label, b.total, b.count, b.previous_total, b.previous_count
FROM by_key b
JOIN expense_categories c ON c.id = b.raw_key AND c.user_id = $1
LEFT JOIN expense_categories p ON p.id = c.parent_id AND p.user_id = $1
WHERE b.count + b.previous_count > 0),
page AS (
SELECT * FROM groups ORDER BY total DESC, previous_total DESC, label, key LIMIT $6
)
SELECT owner.base_currency AS "baseCurrency", t.total::text AS total, t.count,
t.previous_total::text AS "previousTotal", t.previous_count AS "previousCount",
t.unconverted, t.previous_unconverted AS "previousUnconverted",
(SELECT count(*)::int FROM groups) AS "groupCount",
coalesce(
(SELECT json_agg(json_build_object(
'key', key, 'label', label, 'parentKey', parent_key, 'parentLabel', parent_label,
'total', total::text, 'count', count, 'previousTotal', previous_total::text,
'previousCount', previous_count) ORDER BY total DESC, previous_total DESC, label, key)
FROM page),
'[]'::json
) AS groups
FROM owner CROSS JOIN totals t;

-- SummariesRepository.summarise(groupBy month, no filter)
WITH owner AS (
SELECT $5::varchar AS base_currency
),
scoped AS (
SELECT e.spent_on >= $2::date AS current,
CASE WHEN e.base_currency = owner.base_currency THEN e.base_amount END AS amount,
(extract(year FROM e.spent_on)::int * 12 + extract(month FROM e.spent_on)::int - 1)
- CASE WHEN e.spent_on >= $2::date THEN $6::int
ELSE $7::int END AS raw_key
FROM expenses e CROSS JOIN owner
WHERE e.user_id = $1 AND e.spent_on >= $4::date AND e.spent_on <= $3::date
),
by_key AS (
SELECT s.raw_key AS raw_key,
coalesce(sum(s.amount) FILTER (WHERE s.current), 0) AS total,
count(s.amount) FILTER (WHERE s.current)::int AS count,
coalesce(sum(s.amount) FILTER (WHERE NOT s.current), 0) AS previous_total,
count(s.amount) FILTER (WHERE NOT s.current)::int AS previous_count,
count(*) FILTER (WHERE s.current AND s.amount IS NULL)::int AS unconverted,
count(*) FILTER (WHERE NOT s.current AND s.amount IS NULL)::int AS previous_unconverted
FROM scoped s
GROUP BY s.raw_key
),
totals AS (
SELECT coalesce(sum(total), 0) AS total, coalesce(sum(count), 0)::int AS count,
coalesce(sum(previous_total), 0) AS previous_total,
coalesce(sum(previous_count), 0)::int AS previous_count,
coalesce(sum(unconverted), 0)::int AS unconverted,
coalesce(sum(previous_unconverted), 0)::int AS previous_unconverted
FROM by_key
),
groups AS (
SELECT raw_key::text AS key, raw_key::text AS label, NULL::text AS parent_key,
NULL::text AS parent_label, total, count, previous_total, previous_count
FROM by_key WHERE count + previous_count > 0),
page AS (
SELECT * FROM groups ORDER BY key::int LIMIT ALL
)
SELECT owner.base_currency AS "baseCurrency", t.total::text AS total, t.count,
t.previous_total::text AS "previousTotal", t.previous_count AS "previousCount",
t.unconverted, t.previous_unconverted AS "previousUnconverted",
(SELECT count(*)::int FROM groups) AS "groupCount",
coalesce(
(SELECT json_agg(json_build_object(
'key', key, 'label', label, 'parentKey', parent_key, 'parentLabel', parent_label,
'total', total::text, 'count', count, 'previousTotal', previous_total::text,
'previousCount', previous_count) ORDER BY key::int)
FROM page),
'[]'::json
) AS groups
FROM owner CROSS JOIN totals t;

-- SummariesRepository.summarise(groupBy tag, no filter)
WITH owner AS (
SELECT $5::varchar AS base_currency
),
scoped AS (
SELECT e.spent_on >= $2::date AS current,
CASE WHEN e.base_currency = owner.base_currency THEN e.base_amount END AS amount,
e.tags AS raw_key
FROM expenses e CROSS JOIN owner
WHERE e.user_id = $1 AND e.spent_on >= $4::date AND e.spent_on <= $3::date
),
by_expense AS (
SELECT coalesce(sum(amount) FILTER (WHERE current), 0) AS total,
count(amount) FILTER (WHERE current)::int AS count,
coalesce(sum(amount) FILTER (WHERE NOT current), 0) AS previous_total,
count(amount) FILTER (WHERE NOT current)::int AS previous_count,
count(*) FILTER (WHERE current AND amount IS NULL)::int AS unconverted,
count(*) FILTER (WHERE NOT current AND amount IS NULL)::int AS previous_unconverted
FROM scoped
),
by_key AS (
SELECT t.tag AS raw_key,
coalesce(sum(s.amount) FILTER (WHERE s.current), 0) AS total,
count(s.amount) FILTER (WHERE s.current)::int AS count,
coalesce(sum(s.amount) FILTER (WHERE NOT s.current), 0) AS previous_total,
count(s.amount) FILTER (WHERE NOT s.current)::int AS previous_count,
count(*) FILTER (WHERE s.current AND s.amount IS NULL)::int AS unconverted,
count(*) FILTER (WHERE NOT s.current AND s.amount IS NULL)::int AS previous_unconverted
FROM scoped s CROSS JOIN LATERAL unnest(
CASE WHEN cardinality(s.raw_key) = 0 THEN ARRAY[NULL]::text[] ELSE s.raw_key END
) AS t(tag)
GROUP BY t.tag
),
totals AS (
SELECT coalesce(sum(total), 0) AS total, coalesce(sum(count), 0)::int AS count,
coalesce(sum(previous_total), 0) AS previous_total,
coalesce(sum(previous_count), 0)::int AS previous_count,
coalesce(sum(unconverted), 0)::int AS unconverted,
coalesce(sum(previous_unconverted), 0)::int AS previous_unconverted
FROM by_expense
),
groups AS (
SELECT raw_key::text AS key, raw_key::text AS label, NULL::text AS parent_key,
NULL::text AS parent_label, total, count, previous_total, previous_count
FROM by_key WHERE count + previous_count > 0),
page AS (
SELECT * FROM groups ORDER BY total DESC, previous_total DESC, label, key LIMIT $6
)
SELECT owner.base_currency AS "baseCurrency", t.total::text AS total, t.count,
t.previous_total::text AS "previousTotal", t.previous_count AS "previousCount",
t.unconverted, t.previous_unconverted AS "previousUnconverted",
(SELECT count(*)::int FROM groups) AS "groupCount",
coalesce(
(SELECT json_agg(json_build_object(
'key', key, 'label', label, 'parentKey', parent_key, 'parentLabel', parent_label,
'total', total::text, 'count', count, 'previousTotal', previous_total::text,
'previousCount', previous_count) ORDER BY total DESC, previous_total DESC, label, key)
FROM page),
'[]'::json
) AS groups
FROM owner CROSS JOIN totals t;

-- SummariesRepository.summarise(groupBy payee, no filter)
WITH owner AS (
SELECT $5::varchar AS base_currency
),
scoped AS (
SELECT e.spent_on >= $2::date AS current,
CASE WHEN e.base_currency = owner.base_currency THEN e.base_amount END AS amount,
e.payee AS raw_key
FROM expenses e CROSS JOIN owner
WHERE e.user_id = $1 AND e.spent_on >= $4::date AND e.spent_on <= $3::date
),
by_key AS (
SELECT s.raw_key AS raw_key,
coalesce(sum(s.amount) FILTER (WHERE s.current), 0) AS total,
count(s.amount) FILTER (WHERE s.current)::int AS count,
coalesce(sum(s.amount) FILTER (WHERE NOT s.current), 0) AS previous_total,
count(s.amount) FILTER (WHERE NOT s.current)::int AS previous_count,
count(*) FILTER (WHERE s.current AND s.amount IS NULL)::int AS unconverted,
count(*) FILTER (WHERE NOT s.current AND s.amount IS NULL)::int AS previous_unconverted
FROM scoped s
GROUP BY s.raw_key
),
totals AS (
SELECT coalesce(sum(total), 0) AS total, coalesce(sum(count), 0)::int AS count,
coalesce(sum(previous_total), 0) AS previous_total,
coalesce(sum(previous_count), 0)::int AS previous_count,
coalesce(sum(unconverted), 0)::int AS unconverted,
coalesce(sum(previous_unconverted), 0)::int AS previous_unconverted
FROM by_key
),
groups AS (
SELECT raw_key::text AS key, raw_key::text AS label, NULL::text AS parent_key,
NULL::text AS parent_label, total, count, previous_total, previous_count
FROM by_key WHERE count + previous_count > 0),
page AS (
SELECT * FROM groups ORDER BY total DESC, previous_total DESC, label, key LIMIT $6
)
SELECT owner.base_currency AS "baseCurrency", t.total::text AS total, t.count,
t.previous_total::text AS "previousTotal", t.previous_count AS "previousCount",
t.unconverted, t.previous_unconverted AS "previousUnconverted",
(SELECT count(*)::int FROM groups) AS "groupCount",
coalesce(
(SELECT json_agg(json_build_object(
'key', key, 'label', label, 'parentKey', parent_key, 'parentLabel', parent_label,
'total', total::text, 'count', count, 'previousTotal', previous_total::text,
'previousCount', previous_count) ORDER BY total DESC, previous_total DESC, label, key)
FROM page),
'[]'::json
) AS groups
FROM owner CROSS JOIN totals t;

-- SummariesRepository.summarise(groupBy category, every filter)
WITH owner AS (
SELECT $5::varchar AS base_currency
),
scoped AS (
SELECT e.spent_on >= $2::date AS current,
CASE WHEN e.base_currency = owner.base_currency THEN e.base_amount END AS amount,
e.category_id AS raw_key
FROM expenses e CROSS JOIN owner
WHERE e.user_id = $1 AND e.spent_on >= $4::date AND e.spent_on <= $3::date
AND e.category_id IN (SELECT id FROM expense_categories
WHERE user_id = $1 AND (id = $6::uuid OR parent_id = $6::uuid))
AND e.tags @> ARRAY[$7]::text[]
AND e.currency = $8
),
by_key AS (
SELECT s.raw_key AS raw_key,
coalesce(sum(s.amount) FILTER (WHERE s.current), 0) AS total,
count(s.amount) FILTER (WHERE s.current)::int AS count,
coalesce(sum(s.amount) FILTER (WHERE NOT s.current), 0) AS previous_total,
count(s.amount) FILTER (WHERE NOT s.current)::int AS previous_count,
count(*) FILTER (WHERE s.current AND s.amount IS NULL)::int AS unconverted,
count(*) FILTER (WHERE NOT s.current AND s.amount IS NULL)::int AS previous_unconverted
FROM scoped s
GROUP BY s.raw_key
),
totals AS (
SELECT coalesce(sum(total), 0) AS total, coalesce(sum(count), 0)::int AS count,
coalesce(sum(previous_total), 0) AS previous_total,
coalesce(sum(previous_count), 0)::int AS previous_count,
coalesce(sum(unconverted), 0)::int AS unconverted,
coalesce(sum(previous_unconverted), 0)::int AS previous_unconverted
FROM by_key
),
groups AS (
SELECT top.id::text AS key, top.name::text AS label, NULL::text AS parent_key,
NULL::text AS parent_label, sum(b.total) AS total, sum(b.count)::int AS count,
sum(b.previous_total) AS previous_total, sum(b.previous_count)::int AS previous_count
FROM by_key b
JOIN expense_categories c ON c.id = b.raw_key AND c.user_id = $1
JOIN expense_categories top ON top.id = coalesce(c.parent_id, c.id) AND top.user_id = $1
WHERE b.count + b.previous_count > 0
GROUP BY top.id, top.name),
page AS (
SELECT * FROM groups ORDER BY total DESC, previous_total DESC, label, key LIMIT $9
)
SELECT owner.base_currency AS "baseCurrency", t.total::text AS total, t.count,
t.previous_total::text AS "previousTotal", t.previous_count AS "previousCount",
t.unconverted, t.previous_unconverted AS "previousUnconverted",
(SELECT count(*)::int FROM groups) AS "groupCount",
coalesce(
(SELECT json_agg(json_build_object(
'key', key, 'label', label, 'parentKey', parent_key, 'parentLabel', parent_label,
'total', total::text, 'count', count, 'previousTotal', previous_total::text,
'previousCount', previous_count) ORDER BY total DESC, previous_total DESC, label, key)
FROM page),
'[]'::json
) AS groups
FROM owner CROSS JOIN totals t;
