import { Module } from '@nestjs/common';
import { CurrenciesService } from 'src/modules/currencies/currencies.service';
import { FxRatesRepository } from 'src/modules/currencies/fx-rates.repository';
import { EcbFxRateProvider } from 'src/modules/currencies/providers/ecb-fx-rate.provider';
import { FxRateProvider } from 'src/modules/currencies/providers/fx-rate.provider';

/**
 * Reference rates and conversions with provenance. Exports CurrenciesService only: expenses,
 * and crypto, vehicles and reports after it, convert money through that one service (its types
 * are in currencies.types.ts), so the rate store and the ECB provider can change behind it.
 */
@Module({
  providers: [
    FxRatesRepository,
    CurrenciesService,
    { provide: FxRateProvider, useClass: EcbFxRateProvider },
  ],
  exports: [CurrenciesService],
})
export class CurrenciesModule {}
