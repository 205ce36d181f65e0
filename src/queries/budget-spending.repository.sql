-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/expenses/budgets/budget-spending.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- BudgetSpendingRepository.monthlySpending(one budget, month from a start)
WITH spend AS (
SELECT e.category_id,
date_trunc('month', e.spent_on::timestamp)::date AS month,
sum(e.base_amount) FILTER (WHERE e.base_currency = $2) AS spent,
sum(e.base_amount) FILTER (WHERE e.base_currency = $2 AND e.spent_on <= $5::date)
AS spent_to_date,
count(*) FILTER (WHERE e.base_amount IS NULL OR e.base_currency <> $2)
AS unconverted
FROM expenses e
WHERE e.user_id = $1 AND e.spent_on >= $3::date AND e.spent_on < $4::date
GROUP BY 1, 2
)
SELECT b.id AS "budgetId", to_char(s.month, 'YYYY-MM') AS month,
coalesce(sum(s.spent), 0)::text AS spent,
coalesce(sum(s.spent_to_date), 0)::text AS "spentToDate",
sum(s.unconverted)::int AS unconverted
FROM budgets b
JOIN spend s
ON s.month >= CASE WHEN b.rollover = 'none' THEN $6::date ELSE b.start_month END
JOIN expense_categories c ON c.id = s.category_id
WHERE b.user_id = $1 AND b.id = ANY($7::uuid[])
AND (b.category_id IS NULL OR b.category_id = c.id OR b.category_id = c.parent_id)
GROUP BY b.id, s.month
ORDER BY b.id, s.month;
