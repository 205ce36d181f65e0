import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { monthIndex } from 'src/modules/expenses/summaries/summary-period';
import {
  SummaryGrouping,
  SummaryRow,
  SummarySpec,
} from 'src/modules/expenses/summaries/summary.types';

/**
 * How each grouping keys a row (`key`, over `expenses e`), turns a row into several keys when
 * it belongs to several groups (`expand`, over the `scoped` rows `s`), names its groups
 * (`groups`, over `by_key`) and orders them.
 */
interface GroupingSql {
  key: string;
  expand?: string;
  groups: string;
  order: string;
}

const BY_TOTAL = 'total DESC, previous_total DESC, label, key';

/**
 * The totals of a grouping that counts an expense in several groups (tags) come from the
 * expenses themselves; every other grouping's totals are the sum of its groups.
 */
const BY_EXPENSE = `by_expense AS (
  SELECT coalesce(sum(amount) FILTER (WHERE current), 0) AS total,
    count(amount) FILTER (WHERE current)::int AS count,
    coalesce(sum(amount) FILTER (WHERE NOT current), 0) AS previous_total,
    count(amount) FILTER (WHERE NOT current)::int AS previous_count,
    count(*) FILTER (WHERE current AND amount IS NULL)::int AS unconverted,
    count(*) FILTER (WHERE NOT current AND amount IS NULL)::int AS previous_unconverted
  FROM scoped
),`;

const PLAIN_GROUPS = `
  SELECT raw_key::text AS key, raw_key::text AS label, NULL::text AS parent_key,
    NULL::text AS parent_label, total, count, previous_total, previous_count
  FROM by_key WHERE count + previous_count > 0`;

/** `monthStarts`: the parameters holding the month index of each period's first day. */
function groupingSql(
  groupBy: SummaryGrouping,
  monthStarts: { current: string; previous: string },
): GroupingSql {
  switch (groupBy) {
    case 'category':
      return {
        key: 'e.category_id',
        groups: `
          SELECT top.id::text AS key, top.name::text AS label, NULL::text AS parent_key,
            NULL::text AS parent_label, sum(b.total) AS total, sum(b.count)::int AS count,
            sum(b.previous_total) AS previous_total, sum(b.previous_count)::int AS previous_count
          FROM by_key b
          JOIN expense_categories c ON c.id = b.raw_key AND c.user_id = $1
          JOIN expense_categories top ON top.id = coalesce(c.parent_id, c.id) AND top.user_id = $1
          WHERE b.count + b.previous_count > 0
          GROUP BY top.id, top.name`,
        order: BY_TOTAL,
      };
    case 'subcategory':
      return {
        key: 'e.category_id',
        groups: `
          SELECT c.id::text AS key, c.name::text AS label, p.id::text AS parent_key,
            p.name::text AS parent_label, b.total, b.count, b.previous_total, b.previous_count
          FROM by_key b
          JOIN expense_categories c ON c.id = b.raw_key AND c.user_id = $1
          LEFT JOIN expense_categories p ON p.id = c.parent_id AND p.user_id = $1
          WHERE b.count + b.previous_count > 0`,
        order: BY_TOTAL,
      };
    case 'month':
      // The month's position in its own period, so that month i of the period meets month i
      // of the previous one whatever their lengths.
      return {
        key: `(extract(year FROM e.spent_on)::int * 12 + extract(month FROM e.spent_on)::int - 1)
          - CASE WHEN e.spent_on >= $2::date THEN ${monthStarts.current}::int
            ELSE ${monthStarts.previous}::int END`,
        groups: PLAIN_GROUPS,
        order: 'key::int',
      };
    case 'tag':
      // An expense counts once in each of its tags' groups; one without tags in the null group.
      return {
        key: 'e.tags',
        expand: `CROSS JOIN LATERAL unnest(
          CASE WHEN cardinality(s.raw_key) = 0 THEN ARRAY[NULL]::text[] ELSE s.raw_key END
        ) AS t(tag)`,
        groups: PLAIN_GROUPS,
        order: BY_TOTAL,
      };
    case 'payee':
      return { key: 'e.payee', groups: PLAIN_GROUPS, order: BY_TOTAL };
  }
}

/**
 * The summary query: one statement that reads the user's expenses of both periods once (an
 * index range on user_id and spent_on), sums base amounts in numeric and answers the totals
 * with the groups as JSON (sums as text, never JSON numbers). A base amount in another
 * currency than the user's base currency (possible only while a re-base is being written) is
 * left out like a missing one rather than added to the wrong money.
 */
@Injectable()
export class SummariesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `baseCurrency`: the user's, as UsersService answers it; only base amounts in it are summed. */
  async summarise(
    userId: string,
    baseCurrency: string,
    spec: SummarySpec,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<SummaryRow> {
    const params: unknown[] = [
      userId,
      spec.period.from,
      spec.period.to,
      spec.previous.from,
      baseCurrency,
    ];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const grouping = groupingSql(
      spec.groupBy,
      spec.groupBy === 'month'
        ? {
            current: param(monthIndex(spec.period.from)),
            previous: param(monthIndex(spec.previous.from)),
          }
        : { current: 'NULL', previous: 'NULL' },
    );
    const filters: string[] = [];
    if (spec.filter.categoryId !== undefined) {
      const category = param(spec.filter.categoryId);
      filters.push(
        `e.category_id IN (SELECT id FROM expense_categories
          WHERE user_id = $1 AND (id = ${category}::uuid OR parent_id = ${category}::uuid))`,
      );
    }
    if (spec.filter.tag !== undefined) {
      filters.push(`e.tags @> ARRAY[${param(spec.filter.tag)}]::text[]`);
    }
    if (spec.filter.currency !== undefined) {
      filters.push(`e.currency = ${param(spec.filter.currency)}`);
    }
    const limit = spec.groupBy === 'month' ? 'ALL' : param(spec.limit);
    const groupKey = grouping.expand ? 't.tag' : 's.raw_key';

    const rows = await manager.query<SummaryRow[]>(
      `WITH owner AS (
         SELECT $5::varchar AS base_currency
       ),
       scoped AS (
         SELECT e.spent_on >= $2::date AS current,
           CASE WHEN e.base_currency = owner.base_currency THEN e.base_amount END AS amount,
           ${grouping.key} AS raw_key
         FROM expenses e CROSS JOIN owner
         WHERE e.user_id = $1 AND e.spent_on >= $4::date AND e.spent_on <= $3::date
           ${filters.map((filter) => `AND ${filter}`).join('\n           ')}
       ),
       ${grouping.expand ? BY_EXPENSE : ''}
       by_key AS (
         SELECT ${groupKey} AS raw_key,
           coalesce(sum(s.amount) FILTER (WHERE s.current), 0) AS total,
           count(s.amount) FILTER (WHERE s.current)::int AS count,
           coalesce(sum(s.amount) FILTER (WHERE NOT s.current), 0) AS previous_total,
           count(s.amount) FILTER (WHERE NOT s.current)::int AS previous_count,
           count(*) FILTER (WHERE s.current AND s.amount IS NULL)::int AS unconverted,
           count(*) FILTER (WHERE NOT s.current AND s.amount IS NULL)::int AS previous_unconverted
         FROM scoped s ${grouping.expand ?? ''}
         GROUP BY ${groupKey}
       ),
       totals AS (
         SELECT coalesce(sum(total), 0) AS total, coalesce(sum(count), 0)::int AS count,
           coalesce(sum(previous_total), 0) AS previous_total,
           coalesce(sum(previous_count), 0)::int AS previous_count,
           coalesce(sum(unconverted), 0)::int AS unconverted,
           coalesce(sum(previous_unconverted), 0)::int AS previous_unconverted
         FROM ${grouping.expand ? 'by_expense' : 'by_key'}
       ),
       groups AS (${grouping.groups}),
       page AS (
         SELECT * FROM groups ORDER BY ${grouping.order} LIMIT ${limit}
       )
       SELECT owner.base_currency AS "baseCurrency", t.total::text AS total, t.count,
         t.previous_total::text AS "previousTotal", t.previous_count AS "previousCount",
         t.unconverted, t.previous_unconverted AS "previousUnconverted",
         (SELECT count(*)::int FROM groups) AS "groupCount",
         coalesce(
           (SELECT json_agg(json_build_object(
              'key', key, 'label', label, 'parentKey', parent_key, 'parentLabel', parent_label,
              'total', total::text, 'count', count, 'previousTotal', previous_total::text,
              'previousCount', previous_count) ORDER BY ${grouping.order})
            FROM page),
           '[]'::json
         ) AS groups
       FROM owner CROSS JOIN totals t`,
      params,
    );
    return rows[0];
  }
}
