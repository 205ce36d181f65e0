import { Body, Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IfMatch, IfMatchHeader } from 'src/platform/http/etag';
import { IdempotencyKey } from 'src/platform/idempotency/idempotency-key.decorator';
import { IdempotentRequest } from 'src/platform/idempotency/idempotent-request';
import {
  CreateRoute,
  DeleteVersioned,
  GetVersioned,
  ListRoute,
  OwnedId,
  PatchVersioned,
} from 'src/platform/owned-resources/owned-routes';
import { Page } from 'src/platform/pagination/page';
import { RateLimit } from 'src/platform/rate-limit/rate-limit.decorator';
import { Authenticated, CurrentPrincipal } from 'src/platform/security/access.decorators';
import { Principal } from 'src/platform/security/principal';
import { BudgetStatusService } from 'src/modules/expenses/budgets/budget-status.service';
import { BudgetsService } from 'src/modules/expenses/budgets/budgets.service';
import {
  BudgetResponseDto,
  CreateBudgetDto,
  ListBudgetsQuery,
  UpdateBudgetDto,
} from 'src/modules/expenses/budgets/dto/budget.dto';
import {
  BudgetStatusDto,
  BudgetStatusListDto,
  BudgetStatusQuery,
} from 'src/modules/expenses/budgets/dto/budget-status.dto';

const READ = 'expenses:read';
const WRITE = 'expenses:write';

@ApiTags('budgets')
@Controller('budgets')
export class BudgetsController {
  constructor(
    private readonly budgets: BudgetsService,
    private readonly status: BudgetStatusService,
  ) {}

  /** Your budgets in the order they were created. */
  @ListRoute({ scope: READ, type: BudgetResponseDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListBudgetsQuery,
  ): Promise<Page<BudgetResponseDto>> {
    return this.budgets.list(principal.userId, query);
  }

  /** Creates a monthly budget, overall or for a category; accepts `Idempotency-Key`. */
  @CreateRoute({ scope: WRITE, type: BudgetResponseDto })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateBudgetDto,
    @IdempotencyKey() idempotent: IdempotentRequest | undefined,
  ): Promise<BudgetResponseDto> {
    return this.budgets.create(principal.userId, body, idempotent);
  }

  /** Where every budget that covers the month stands: spent, remaining, rollover, projection. */
  @Authenticated({ scopes: [READ] })
  @RateLimit('authenticated')
  @Get('status')
  @ApiOkResponse({ type: BudgetStatusListDto })
  statusOfAll(
    @CurrentPrincipal() principal: Principal,
    @Query() query: BudgetStatusQuery,
  ): Promise<BudgetStatusListDto> {
    return this.status.statusOf(principal.userId, query.month);
  }

  /** One of your budgets, with its ETag. */
  @GetVersioned({ scope: READ, type: BudgetResponseDto })
  get(@CurrentPrincipal() principal: Principal, @OwnedId() id: string): Promise<BudgetResponseDto> {
    return this.budgets.get(principal.userId, id);
  }

  /** One budget in a month it covers (422 for a month outside it). */
  @Authenticated({ scopes: [READ] })
  @RateLimit('authenticated')
  @Get(':id/status')
  @ApiOkResponse({ type: BudgetStatusDto })
  statusOfOne(
    @CurrentPrincipal() principal: Principal,
    @OwnedId() id: string,
    @Query() query: BudgetStatusQuery,
  ): Promise<BudgetStatusDto> {
    return this.status.statusOfBudget(principal.userId, id, query.month);
  }

  /** Partial update; needs `If-Match` with the ETag last seen (428 without, 412 when stale). */
  @PatchVersioned({ scope: WRITE, type: BudgetResponseDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @OwnedId() id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() body: UpdateBudgetDto,
  ): Promise<BudgetResponseDto> {
    return this.budgets.update(principal.userId, id, ifMatch, body);
  }

  /** Deletes one of your budgets (`If-Match` optional). */
  @DeleteVersioned({ scope: WRITE })
  delete(
    @CurrentPrincipal() principal: Principal,
    @OwnedId() id: string,
    @IfMatchHeader() ifMatch: IfMatch,
  ): Promise<void> {
    return this.budgets.delete(principal.userId, id, ifMatch);
  }
}
