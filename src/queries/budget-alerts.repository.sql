-- Written by test/integration/sql-snapshots.int-spec.ts from src/modules/expenses/budgets/budget-alerts.repository.ts: every
-- statement each public method sends. Do not edit; run `npm run sql:snapshots` to update.

-- BudgetAlertsRepository.findSent(one budget, month)
SELECT budget_id AS "budgetId", threshold FROM budget_alerts
WHERE budget_id = ANY($1::uuid[]) AND month = $2::date;

-- BudgetAlertsRepository.claim(two thresholds)
INSERT INTO budget_alerts (budget_id, month, threshold, user_id, sent_at)
SELECT $1, $2::date, t, $3, $4 FROM unnest($5::smallint[]) AS t
ON CONFLICT DO NOTHING
RETURNING threshold;
