-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/currencies/fx-rates.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- FxRatesRepository.upsertMany(two quotes)
WITH written AS (
INSERT INTO fx_rates (source, quote_currency, rate_date, rate, fetched_at)
SELECT $1, quote.currency, quote.rate_date, quote.rate, now()
FROM unnest($2::varchar[], $3::date[], $4::numeric[]) AS quote(currency, rate_date, rate)
ON CONFLICT (source, quote_currency, rate_date) DO UPDATE
SET rate = EXCLUDED.rate, fetched_at = EXCLUDED.fetched_at
WHERE fx_rates.rate <> EXCLUDED.rate
RETURNING (xmax = 0) AS is_new
)
SELECT count(*) FILTER (WHERE is_new)::int AS inserted,
count(*) FILTER (WHERE NOT is_new)::int AS updated
FROM written;

-- FxRatesRepository.findLatestOnOrBefore(two currencies, date)
SELECT wanted.currency, latest.rate::text AS rate, latest.rate_date AS "rateDate"
FROM unnest($2::varchar[]) AS wanted(currency)
CROSS JOIN LATERAL (
SELECT rate, to_char(rate_date, 'YYYY-MM-DD') AS rate_date
FROM fx_rates
WHERE source = $1 AND quote_currency = wanted.currency AND rate_date <= $3
ORDER BY rate_date DESC
LIMIT 1
) AS latest;

-- FxRatesRepository.findBetween(two currencies, range)
SELECT quote_currency AS currency, rate::text AS rate,
to_char(rate_date, 'YYYY-MM-DD') AS "rateDate"
FROM fx_rates
WHERE source = $1 AND quote_currency = ANY($2::varchar[])
AND rate_date BETWEEN $3 AND $4
ORDER BY quote_currency, rate_date;

-- FxRatesRepository.findStoredRange(source)
WITH RECURSIVE currencies(code) AS (
(SELECT quote_currency FROM fx_rates WHERE source = $1 ORDER BY quote_currency LIMIT 1)
UNION ALL
SELECT (SELECT quote_currency FROM fx_rates
WHERE source = $1 AND quote_currency > currencies.code
ORDER BY quote_currency LIMIT 1)
FROM currencies WHERE currencies.code IS NOT NULL
)
SELECT to_char(min(earliest.rate_date), 'YYYY-MM-DD') AS "firstDate",
to_char(max(latest.rate_date), 'YYYY-MM-DD') AS "lastDate"
FROM currencies
CROSS JOIN LATERAL (
SELECT rate_date FROM fx_rates WHERE source = $1 AND quote_currency = currencies.code
ORDER BY rate_date LIMIT 1
) AS earliest
CROSS JOIN LATERAL (
SELECT rate_date FROM fx_rates WHERE source = $1 AND quote_currency = currencies.code
ORDER BY rate_date DESC LIMIT 1
) AS latest
WHERE currencies.code IS NOT NULL;

-- FxRatesRepository.hasAny(source)
SELECT EXISTS (SELECT 1 FROM fx_rates WHERE source = $1) AS found;

-- FxRatesRepository.count(source)
SELECT count(*)::int AS count FROM fx_rates WHERE source = $1;
