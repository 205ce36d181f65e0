import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarDate } from 'src/platform/dates/calendar-date';
import { DecimalString } from 'src/platform/money/decimal';
import { FxQuote } from 'src/modules/currencies/providers/fx-rate.provider';

/** Rows per INSERT: three array parameters each, so the batch size is bounded by memory only. */
const UPSERT_BATCH_SIZE = 10_000;

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

/** The rate of one currency per 1 EUR, as stored. */
export interface StoredRate {
  currency: string;
  rate: DecimalString;
  rateDate: CalendarDate;
}

/** The dates a source's stored rates span (any currency). */
export interface StoredRange {
  firstDate: CalendarDate;
  lastDate: CalendarDate;
}

@Injectable()
export class FxRatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts new rates and rewrites changed ones, in multi-row statements. A rate already
   * stored with the same value is left alone, so a re-import writes nothing.
   */
  async upsertMany(
    source: string,
    quotes: readonly FxQuote[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<UpsertCounts> {
    const counts: UpsertCounts = { inserted: 0, updated: 0 };
    for (let start = 0; start < quotes.length; start += UPSERT_BATCH_SIZE) {
      const batch = quotes.slice(start, start + UPSERT_BATCH_SIZE);
      const [row] = await manager.query<{ inserted: number; updated: number }[]>(
        `WITH written AS (
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
         FROM written`,
        [
          source,
          batch.map((quote) => quote.currency),
          batch.map((quote) => quote.date),
          batch.map((quote) => quote.rate),
        ],
      );
      counts.inserted += row.inserted;
      counts.updated += row.updated;
    }
    return counts;
  }

  /** For each currency, its latest rate on or before `date` (currencies without one are absent). */
  async findLatestOnOrBefore(
    source: string,
    currencies: readonly string[],
    date: CalendarDate,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredRate[]> {
    return manager.query<StoredRate[]>(
      `SELECT wanted.currency, latest.rate::text AS rate, latest.rate_date AS "rateDate"
       FROM unnest($2::varchar[]) AS wanted(currency)
       CROSS JOIN LATERAL (
         SELECT rate, to_char(rate_date, 'YYYY-MM-DD') AS rate_date
         FROM fx_rates
         WHERE source = $1 AND quote_currency = wanted.currency AND rate_date <= $3
         ORDER BY rate_date DESC
         LIMIT 1
       ) AS latest`,
      [source, currencies, date],
    );
  }

  /** Every rate of these currencies from `fromDate` to `toDate`, oldest first. */
  async findBetween(
    source: string,
    currencies: readonly string[],
    fromDate: CalendarDate,
    toDate: CalendarDate,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredRate[]> {
    return manager.query<StoredRate[]>(
      `SELECT quote_currency AS currency, rate::text AS rate,
              to_char(rate_date, 'YYYY-MM-DD') AS "rateDate"
       FROM fx_rates
       WHERE source = $1 AND quote_currency = ANY($2::varchar[])
         AND rate_date BETWEEN $3 AND $4
       ORDER BY quote_currency, rate_date`,
      [source, currencies, fromDate, toDate],
    );
  }

  /**
   * The first and last dates of the source's stored rates, or null when none is stored. A loose
   * index scan (one probe per currency on the unique index), not a scan of the table.
   */
  async findStoredRange(
    source: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredRange | null> {
    const [row] = await manager.query<
      { firstDate: CalendarDate | null; lastDate: CalendarDate | null }[]
    >(
      `WITH RECURSIVE currencies(code) AS (
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
       WHERE currencies.code IS NOT NULL`,
      [source],
    );
    return row?.firstDate && row.lastDate
      ? { firstDate: row.firstDate, lastDate: row.lastDate }
      : null;
  }

  async hasAny(source: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [row] = await manager.query<{ found: boolean }[]>(
      'SELECT EXISTS (SELECT 1 FROM fx_rates WHERE source = $1) AS found',
      [source],
    );
    return row.found;
  }

  async count(source: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [row] = await manager.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM fx_rates WHERE source = $1',
      [source],
    );
    return row.count;
  }
}
