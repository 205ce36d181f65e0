import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RateLimit } from 'src/platform/rate-limit/rate-limit.decorator';
import { Authenticated, CurrentPrincipal } from 'src/platform/security/access.decorators';
import { Principal } from 'src/platform/security/principal';
import { ExpenseSummaryQuery } from 'src/modules/expenses/summaries/dto/expense-summary.query';
import { ExpenseSummaryDto } from 'src/modules/expenses/summaries/dto/expense-summary-response.dto';
import { SummariesService } from 'src/modules/expenses/summaries/summaries.service';

@ApiTags('expense-summaries')
@Controller('expenses/summary')
export class SummariesController {
  constructor(private readonly summaries: SummariesService) {}

  /**
   * Totals in your base currency over a range, grouped, each beside the previous period's.
   * Expenses without a base amount (no rate yet) are counted in `unconverted`, not guessed.
   */
  @Authenticated({ scopes: ['expenses:read'] })
  @RateLimit('search')
  @Get()
  @ApiOkResponse({ type: ExpenseSummaryDto })
  summarise(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ExpenseSummaryQuery,
  ): Promise<ExpenseSummaryDto> {
    return this.summaries.summarise(principal.userId, query);
  }
}
