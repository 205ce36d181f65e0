import { CalendarDate } from 'src/platform/dates/calendar-date';
import { DecimalInput, DecimalString } from 'src/platform/money/decimal';

// What other modules see of currencies: conversion results with their provenance. The rate
// store, the providers and the lookup arithmetic stay inside the module.

/** Every stored rate is quoted per 1 EUR. */
export const FX_BASE_CURRENCY = 'EUR';

/**
 * Significant digits of a rate that had to be computed (EUR → X is stored as published; X → EUR
 * and X → Y are divisions). The ECB publishes five or six significant digits, so twelve keeps
 * the division's own rounding a million times below the data's precision; the rounded rate is
 * what a conversion multiplies by and what is shown beside the result, so the two always agree.
 */
export const FX_RATE_SIGNIFICANT_DIGITS = 12;

/** The source named on a same-currency "conversion", whose rate is exactly 1. */
export const SAME_CURRENCY_SOURCE = 'IDENTITY';

export interface FxRateFound {
  status: 'found';
  from: string;
  to: string;
  /** Units of `to` for one unit of `from`. */
  rate: DecimalString;
  /** The publication date the rate comes from: the older leg's for a cross rate. */
  rateDate: CalendarDate;
  source: string;
}

/**
 * - `unknown-currency`: not an active ISO 4217 code (withdrawn ones such as HRK included);
 * - `no-rate`: the source has never published this currency on or before the date (before
 *   1999 for the ECB, or a currency it does not quote);
 * - `stale-rate`: the latest rate on or before the date is older than the allowed age.
 */
export type NoRateReason = 'unknown-currency' | 'no-rate' | 'stale-rate';

export interface FxRateMissing {
  status: 'no-rate';
  from: string;
  to: string;
  date: CalendarDate;
  reason: NoRateReason;
  /** A sentence a client can be shown. */
  detail: string;
}

export type FxRateLookup = FxRateFound | FxRateMissing;

export interface FxConversion extends Omit<FxRateFound, 'status'> {
  status: 'converted';
  /** The converted amount, rounded half-even to the minor unit of `to`. */
  amount: DecimalString;
}

export type FxConversionResult = FxConversion | FxRateMissing;

/**
 * Rates for many conversions at once (an import, a re-basing), loaded in one query: the same
 * answers as CurrenciesService.rateFor/convert without a query per row, for the currencies and
 * the date window it was loaded for only (anything else is a programming error and throws).
 */
export interface FxRateTable {
  rateFor(from: string, to: string, date: CalendarDate): FxRateLookup;
  convert(amount: DecimalInput, from: string, to: string, date: CalendarDate): FxConversionResult;
}

export interface FxImportResult {
  source: string;
  /** Rates in the file. */
  received: number;
  inserted: number;
  /** Stored before with another value (the source corrected it). */
  updated: number;
  /** Stored before with the same value: nothing written. */
  unchanged: number;
  firstDate: CalendarDate | null;
  lastDate: CalendarDate | null;
  /** Publication days in the file. */
  days: number;
  /** The currencies quoted in the file, alphabetically. */
  currencies: string[];
}
