import { Type } from 'class-transformer';
import { IsInt, IsUrl, Max, Min } from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';
import { HTTP_URL, redactUrlPassword } from 'src/config/env-transforms';

export class FxVariables {
  /** The ECB's daily euro reference rates (gesmes XML). */
  @IsUrl(HTTP_URL)
  FX_ECB_DAILY_URL = 'https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml';

  /** The ECB's full history since 1999 (a zip holding eurofxref-hist.csv). */
  @IsUrl(HTTP_URL)
  FX_ECB_HISTORY_URL = 'https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip';

  /** Longest wait for one rate download, body included. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  FX_FETCH_TIMEOUT_MS = 30_000;

  /** Largest rate download, and largest file inside the history zip. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  FX_MAX_DOWNLOAD_BYTES = 32 * 1024 * 1024;

  /**
   * How old the latest rate on or before a date may be before that date has "no rate". The ECB
   * publishes on TARGET business days; its longest pause (Christmas to the new year) is 5 days.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366)
  FX_MAX_RATE_AGE_DAYS = 7;
}

export interface FxConfig {
  ecbDailyUrl: string;
  ecbHistoryUrl: string;
  fetchTimeoutMs: number;
  maxDownloadBytes: number;
  maxRateAgeDays: number;
}

export const fxSection: ConfigSection<FxVariables, FxConfig> = {
  variables: FxVariables,
  build: (env) => ({
    ecbDailyUrl: env.FX_ECB_DAILY_URL,
    ecbHistoryUrl: env.FX_ECB_HISTORY_URL,
    fetchTimeoutMs: env.FX_FETCH_TIMEOUT_MS,
    maxDownloadBytes: env.FX_MAX_DOWNLOAD_BYTES,
    maxRateAgeDays: env.FX_MAX_RATE_AGE_DAYS,
  }),
  // A mirror may carry credentials in its URL.
  redact: (fx) => ({
    ...fx,
    ecbDailyUrl: redactUrlPassword(fx.ecbDailyUrl),
    ecbHistoryUrl: redactUrlPassword(fx.ecbHistoryUrl),
  }),
};
