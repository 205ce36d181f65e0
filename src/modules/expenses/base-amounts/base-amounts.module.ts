import { Module } from '@nestjs/common';
import { EventsModule } from 'src/platform/events/events.module';
import { AuditModule } from 'src/modules/audit/audit.module';
import { CurrenciesModule } from 'src/modules/currencies/currencies.module';
import { BaseAmountsRepository } from 'src/modules/expenses/base-amounts/base-amounts.repository';
import { BaseAmountsService } from 'src/modules/expenses/base-amounts/base-amounts.service';
import { FxRefreshJob } from 'src/modules/expenses/base-amounts/fx-refresh.job';

/**
 * Keeps expenses' base amounts in step: re-bases them when a user's base currency changes (a
 * BaseCurrencyChanged handler) and fills those waiting for a rate after the scheduled FX
 * refresh. Exports BaseAmountsService; nothing else needs to reach into it.
 */
@Module({
  imports: [CurrenciesModule, AuditModule, EventsModule],
  providers: [BaseAmountsRepository, BaseAmountsService, FxRefreshJob],
  exports: [BaseAmountsService],
})
export class BaseAmountsModule {}
