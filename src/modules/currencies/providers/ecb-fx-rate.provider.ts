import { Injectable } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { fetchBytes } from 'src/platform/outbound-http/fetch-bytes';
import { parseEcbDailyXml } from 'src/modules/currencies/providers/ecb-daily.parser';
import {
  parseEcbHistoryFile,
  parseEcbHistoryZip,
} from 'src/modules/currencies/providers/ecb-history.parser';
import { InvalidRatesFileError } from 'src/modules/currencies/providers/ecb-quotes';
import { FxQuote, FxRateProvider } from 'src/modules/currencies/providers/fx-rate.provider';

/**
 * The European Central Bank's euro foreign exchange reference rates: about 30 currencies,
 * published around 16:00 CET on TARGET business days, six significant digits.
 */
@Injectable()
export class EcbFxRateProvider extends FxRateProvider {
  readonly source = 'ECB';
  /** The euro's first day of trading. */
  readonly historyStart = '1999-01-04';

  constructor(private readonly config: AppConfig) {
    super();
  }

  async fetchLatest(): Promise<FxQuote[]> {
    const what = 'ECB daily rates';
    const body = await fetchBytes(this.config.fx.ecbDailyUrl, what, this.limits());
    return parseEcbDailyXml(decodeUtf8(body, what), what);
  }

  async fetchHistory(): Promise<FxQuote[]> {
    const what = 'ECB rate history';
    const body = await fetchBytes(this.config.fx.ecbHistoryUrl, what, this.limits());
    return parseEcbHistoryZip(body, this.config.fx.maxDownloadBytes, what);
  }

  parseHistoryFile(file: Uint8Array, what: string): FxQuote[] {
    return parseEcbHistoryFile(file, this.config.fx.maxDownloadBytes, what);
  }

  private limits(): { timeoutMs: number; maxBytes: number } {
    return { timeoutMs: this.config.fx.fetchTimeoutMs, maxBytes: this.config.fx.maxDownloadBytes };
  }
}

function decodeUtf8(body: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch (error) {
    throw new InvalidRatesFileError(what, 'the file is not UTF-8 text', error);
  }
}
