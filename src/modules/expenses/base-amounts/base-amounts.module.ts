import { Module } from '@nestjs/common';
import { EventsModule } from 'src/platform/events/events.module';
import { AuditModule } from 'src/modules/audit/audit.module';
import { CurrenciesModule } from 'src/modules/currencies/currencies.module';
import { BaseAmountsRepository } from 'src/modules/expenses/base-amounts/base-amounts.repository';
import { BaseAmountsService } from 'src/modules/expenses/base-amounts/base-amounts.service';

/**
 * Keeps expenses' base amounts in step: re-bases them when a user's base currency changes (a
 * BaseCurrencyChanged handler) and fills those waiting for a rate once rates arrive (the FX
 * refresh jobs of FxRefreshModule, the `fx:import` command). Exports BaseAmountsService;
 * nothing else needs to reach into it. No job queue here, so commands can use it.
 */
@Module({
  imports: [CurrenciesModule, AuditModule, EventsModule],
  providers: [BaseAmountsRepository, BaseAmountsService],
  exports: [BaseAmountsService],
})
export class BaseAmountsModule {}
