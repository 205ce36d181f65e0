import { Module } from '@nestjs/common';
import { CurrenciesModule } from 'src/modules/currencies/currencies.module';
import { BaseAmountsModule } from 'src/modules/expenses/base-amounts/base-amounts.module';
import { FxRefreshJob } from 'src/modules/expenses/base-amounts/fx-refresh.job';

/** The server's FX jobs (daily refresh, first-start history import); apart from BaseAmountsModule, which commands use without a queue. */
@Module({ imports: [CurrenciesModule, BaseAmountsModule], providers: [FxRefreshJob] })
export class FxRefreshModule {}
