import { Module } from '@nestjs/common';
import { DemoDataService } from 'src/modules/demo/demo-data.service';
import { AuthModule } from 'src/modules/auth/auth.module';
import { ExpensesModule } from 'src/modules/expenses/expenses.module';

@Module({ imports: [AuthModule, ExpensesModule], providers: [DemoDataService] })
export class DemoModule {}
