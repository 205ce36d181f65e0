import { Module } from '@nestjs/common';
import { AuthModule } from 'src/modules/auth/auth.module';
import { SummariesController } from 'src/modules/expenses/summaries/summaries.controller';
import { SummariesRepository } from 'src/modules/expenses/summaries/summaries.repository';
import { SummariesService } from 'src/modules/expenses/summaries/summaries.service';

/**
 * Totals of a user's expenses in their base currency (which UsersService answers), grouped and
 * compared with the previous period. Exports SummariesService: reports and the demo read
 * spending through it.
 */
@Module({
  imports: [AuthModule],
  controllers: [SummariesController],
  providers: [SummariesRepository, SummariesService],
  exports: [SummariesService],
})
export class SummariesModule {}
