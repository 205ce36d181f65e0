import { CalendarDate } from 'src/platform/dates/calendar-date';
import { DecimalString, formatDecimal } from 'src/platform/money/decimal';
import { convertAmount } from 'src/platform/money/money';
import {
  FxConversionResult,
  NoRateReason,
  SAME_CURRENCY_SOURCE,
} from 'src/modules/currencies/currencies.types';

/**
 * Where an expense's rate came from: the ECB reference rates (crossed through EUR when
 * needed), exactly 1 for an expense already in the base currency, or the user.
 */
export const FX_SOURCES = ['ECB', SAME_CURRENCY_SOURCE, 'USER'] as const;
export type FxSource = (typeof FX_SOURCES)[number];
export const USER_FX_SOURCE: FxSource = 'USER';

/** What a user-given rate may look like: positive, at most 12 digits on either side. */
export const USER_RATE_LIMITS = { maxIntegerDigits: 12, maxFractionDigits: 12 } as const;

export interface BaseAmountFound {
  status: 'converted';
  baseCurrency: string;
  baseAmount: DecimalString;
  rate: DecimalString;
  rateDate: CalendarDate;
  source: FxSource;
}

/** No rate, so no base amount: stored and shown as such, never replaced by a guess. */
export interface BaseAmountMissing {
  status: 'missing';
  baseCurrency: string;
  reason: NoRateReason;
  detail: string;
}

export type BaseConversion = BaseAmountFound | BaseAmountMissing;

/** The columns of `expenses` that hold a conversion. */
export interface ExpenseFxColumns {
  baseCurrency: string;
  baseAmount: DecimalString | null;
  fxRate: DecimalString | null;
  fxRateDate: CalendarDate | null;
  fxSource: FxSource | null;
  fxMissingReason: string | null;
  fxMissingDetail: string | null;
}

/** A conversion by CurrenciesService (or an FxRateTable) into the base currency. */
export function fromFxConversion(result: FxConversionResult, baseCurrency: string): BaseConversion {
  if (result.status === 'no-rate') {
    return { status: 'missing', baseCurrency, reason: result.reason, detail: result.detail };
  }
  return {
    status: 'converted',
    baseCurrency,
    baseAmount: result.amount,
    rate: result.rate,
    rateDate: result.rateDate,
    source: toFxSource(result.source),
  };
}

/**
 * `amount` at the rate the user gave (units of the base currency per unit of the expense's),
 * rounded half-even to the base currency's minor unit like every other conversion. The rate's
 * date is the expense's own date: that is the day the user's rate speaks for.
 */
export function withUserRate(
  amount: DecimalString,
  rate: DecimalString,
  date: CalendarDate,
  baseCurrency: string,
): BaseAmountFound {
  return {
    status: 'converted',
    baseCurrency,
    baseAmount: convertAmount(amount, rate, baseCurrency),
    rate: formatDecimal(rate),
    rateDate: date,
    source: USER_FX_SOURCE,
  };
}

export function toFxColumns(conversion: BaseConversion): ExpenseFxColumns {
  if (conversion.status === 'missing') {
    return {
      baseCurrency: conversion.baseCurrency,
      baseAmount: null,
      fxRate: null,
      fxRateDate: null,
      fxSource: null,
      fxMissingReason: conversion.reason,
      fxMissingDetail: conversion.detail.slice(0, 300),
    };
  }
  return {
    baseCurrency: conversion.baseCurrency,
    baseAmount: conversion.baseAmount,
    fxRate: conversion.rate,
    fxRateDate: conversion.rateDate,
    fxSource: conversion.source,
    fxMissingReason: null,
    fxMissingDetail: null,
  };
}

function toFxSource(source: string): FxSource {
  if (!(FX_SOURCES as readonly string[]).includes(source)) {
    throw new Error(`Unexpected FX source ${source}`);
  }
  return source as FxSource;
}
