import { Module } from '@nestjs/common';
import { DemoDataService } from 'src/modules/demo/demo-data.service';
import { AuthModule } from 'src/modules/auth/auth.module';
import { CurrenciesModule } from 'src/modules/currencies/currencies.module';
import { ExpensesModule } from 'src/modules/expenses/expenses.module';

@Module({ imports: [AuthModule, CurrenciesModule, ExpensesModule], providers: [DemoDataService] })
export class DemoModule {}
