-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/expenses/recurring/recurring-occurrences.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- RecurringOccurrencesRepository.claim(two dates)
WITH claimed AS (
INSERT INTO recurring_expense_occurrences (recurring_expense_id, occurs_on, created_at)
SELECT $1, d, $3 FROM unnest($2::date[]) AS d
ON CONFLICT DO NOTHING
RETURNING occurs_on
)
SELECT to_char(occurs_on, 'YYYY-MM-DD') AS date FROM claimed ORDER BY occurs_on;

-- RecurringOccurrencesRepository.link(one link)
UPDATE recurring_expense_occurrences o SET expense_id = l.expense_id
FROM unnest($2::date[], $3::uuid[]) AS l(occurs_on, expense_id)
WHERE o.recurring_expense_id = $1 AND o.occurs_on = l.occurs_on;
