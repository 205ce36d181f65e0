import { Check, Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A published reference rate: `rate` units of `quoteCurrency` for 1 EUR on `rateDate`.
 *
 * The unique (source, quote_currency, rate_date) index is also the index for "the latest rate
 * on or before a date": equality on the first two columns, then a backwards range scan on the
 * date that stops at the first row.
 */
@Entity({ name: 'fx_rates' })
@Unique(['source', 'quoteCurrency', 'rateDate'])
@Check('ck_fx_rates_rate_positive', '"rate" > 0')
export class FxRate {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  source!: string;

  @Column({ type: 'varchar', length: 3 })
  quoteCurrency!: string;

  /**
   * Ten integer digits cover any currency per euro (the Turkish lira peaked at 1,836,200
   * before 2005); ten decimals keep six significant digits of a rate as small as 0.0001.
   */
  @Column({ type: 'numeric', precision: 20, scale: 10 })
  rate!: string;

  @Column({ type: 'date' })
  rateDate!: string;

  /** When this value was last fetched and found new or changed. */
  @Column({ type: 'timestamptz' })
  fetchedAt!: Date;
}
