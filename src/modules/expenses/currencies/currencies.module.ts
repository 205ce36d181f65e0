import { Module } from '@nestjs/common';
import { FxRatesRepository } from 'src/modules/expenses/currencies/fx-rates.repository';
import { FxRatesService } from 'src/modules/expenses/currencies/fx-rates.service';
import { EcbFxRateProvider } from 'src/modules/expenses/currencies/providers/ecb-fx-rate.provider';
import { FxRateProvider } from 'src/modules/expenses/currencies/providers/fx-rate.provider';

/** Reference rates and conversions; the expenses module imports it. */
@Module({
  providers: [
    FxRatesRepository,
    FxRatesService,
    { provide: FxRateProvider, useClass: EcbFxRateProvider },
  ],
  exports: [FxRatesService],
})
export class CurrenciesModule {}
