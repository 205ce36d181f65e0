import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarDate } from 'src/platform/dates/calendar-date';
import { DecimalString } from 'src/platform/money/decimal';
import { ExpenseFxColumns, FxSource } from 'src/modules/expenses/base-amounts/base-conversion';

/** What a conversion needs of an expense. */
export interface ConvertibleExpense {
  id: string;
  userId: string;
  date: CalendarDate;
  amount: DecimalString;
  currency: string;
  baseCurrency: string;
  fxSource: FxSource | null;
  fxMissingReason: string | null;
  fxMissingDetail: string | null;
  version: number;
}

export interface NewConversion extends ExpenseFxColumns {
  id: string;
  /** The version the conversion was computed from: a row changed since is left alone. */
  version: number;
}

const CONVERTIBLE_COLUMNS = `
  id, user_id AS "userId", to_char(spent_on, 'YYYY-MM-DD') AS date, amount::text AS amount,
  currency, base_currency AS "baseCurrency", fx_source AS "fxSource",
  fx_missing_reason AS "fxMissingReason", fx_missing_detail AS "fxMissingDetail", version`;

/** The batch queries of re-basing and of filling base amounts once rates arrive. */
@Injectable()
export class BaseAmountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A user's expenses after `afterId`, by id, locked for the re-base that reads them. */
  lockUserBatch(
    userId: string,
    afterId: string | null,
    limit: number,
    manager: EntityManager,
  ): Promise<ConvertibleExpense[]> {
    return manager.query<ConvertibleExpense[]>(
      `SELECT ${CONVERTIBLE_COLUMNS} FROM expenses
       WHERE user_id = $1 AND ($2::uuid IS NULL OR id > $2)
       ORDER BY id LIMIT $3 FOR UPDATE`,
      [userId, afterId, limit],
    );
  }

  /** Expenses without a base amount after (date, id), oldest first (the partial index). */
  findMissingBatch(
    after: { date: CalendarDate; id: string } | null,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ConvertibleExpense[]> {
    return manager.query<ConvertibleExpense[]>(
      `SELECT ${CONVERTIBLE_COLUMNS} FROM expenses
       WHERE base_amount IS NULL AND ($1::date IS NULL OR (spent_on, id) > ($1::date, $2::uuid))
       ORDER BY spent_on, id LIMIT $3`,
      [after?.date ?? null, after?.id ?? null, limit],
    );
  }

  /**
   * Writes conversions where the row is still at the version they were computed from (and,
   * with `onlyMissing`, still has no base amount); adds one to each version. Answers the ids
   * and users of the rows written.
   */
  async writeConversions(
    conversions: readonly NewConversion[],
    now: Date,
    onlyMissing: boolean,
    manager: EntityManager,
  ): Promise<{ id: string; userId: string }[]> {
    if (conversions.length === 0) return [];
    return manager.query<{ id: string; userId: string }[]>(
      `WITH written AS (
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
       SELECT id, user_id AS "userId" FROM written`,
      [
        JSON.stringify(
          conversions.map((c) => ({
            id: c.id,
            version: c.version,
            base_currency: c.baseCurrency,
            base_amount: c.baseAmount,
            fx_rate: c.fxRate,
            fx_rate_date: c.fxRateDate,
            fx_source: c.fxSource,
            fx_missing_reason: c.fxMissingReason,
            fx_missing_detail: c.fxMissingDetail,
          })),
        ),
        now,
        onlyMissing,
      ],
    );
  }
}
