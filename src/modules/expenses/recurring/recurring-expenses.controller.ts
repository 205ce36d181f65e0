import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import {
  CreateRecurringExpenseDto,
  ListRecurringExpensesQuery,
  PreviewQuery,
  RecurrenceDto,
  RecurrencePreviewDto,
  RecurringExpenseResponseDto,
  UpdateRecurringExpenseDto,
} from 'src/modules/expenses/recurring/dto/recurring-expense.dto';
import { RecurringExpensesService } from 'src/modules/expenses/recurring/recurring-expenses.service';

const READ = 'expenses:read';
const WRITE = 'expenses:write';

@ApiTags('recurring-expenses')
@Controller('recurring-expenses')
export class RecurringExpensesController {
  constructor(private readonly recurring: RecurringExpensesService) {}

  /** Your recurring expenses, newest first; `active` filters paused or running ones. */
  @ListRoute({ scope: READ, type: RecurringExpenseResponseDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListRecurringExpensesQuery,
  ): Promise<Page<RecurringExpenseResponseDto>> {
    return this.recurring.list(principal.userId, query);
  }

  /** The daily run creates its expenses, from startDate on (past occurrences included). */
  @CreateRoute({ scope: WRITE, type: RecurringExpenseResponseDto })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateRecurringExpenseDto,
    @IdempotencyKey() idempotent: IdempotentRequest | undefined,
  ): Promise<RecurringExpenseResponseDto> {
    return this.recurring.create(principal.userId, body, idempotent);
  }

  /** Declared before `:id` routes: a computation, nothing is stored. */
  @Authenticated({ scopes: [READ] })
  @RateLimit('authenticated')
  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'The first dates a schedule would materialise, without saving it' })
  @ApiOkResponse({ type: RecurrencePreviewDto })
  previewUnsaved(@Body() body: RecurrenceDto, @Query() query: PreviewQuery): RecurrencePreviewDto {
    return this.recurring.previewUnsaved(body, query.count);
  }

  /** One of your recurring expenses, with its ETag. */
  @GetVersioned({ scope: READ, type: RecurringExpenseResponseDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @OwnedId() id: string,
  ): Promise<RecurringExpenseResponseDto> {
    return this.recurring.get(principal.userId, id);
  }

  @Authenticated({ scopes: [READ] })
  @RateLimit('authenticated')
  @Get(':id/preview')
  @ApiOperation({ summary: 'The next dates this rule will materialise' })
  @ApiOkResponse({ type: RecurrencePreviewDto })
  preview(
    @CurrentPrincipal() principal: Principal,
    @OwnedId() id: string,
    @Query() query: PreviewQuery,
  ): Promise<RecurrencePreviewDto> {
    return this.recurring.preview(principal.userId, id, query.count);
  }

  /**
   * Partial update, pause (`active: false`) and resume (`active: true`); needs `If-Match`.
   * Expenses already created stay as they are; the new template and schedule apply to
   * occurrences after `materialisedThrough`.
   */
  @PatchVersioned({ scope: WRITE, type: RecurringExpenseResponseDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @OwnedId() id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() body: UpdateRecurringExpenseDto,
  ): Promise<RecurringExpenseResponseDto> {
    return this.recurring.update(principal.userId, id, ifMatch, body);
  }

  /** The rule goes; the expenses it created stay. */
  @DeleteVersioned({ scope: WRITE })
  delete(
    @CurrentPrincipal() principal: Principal,
    @OwnedId() id: string,
    @IfMatchHeader() ifMatch: IfMatch,
  ): Promise<void> {
    return this.recurring.delete(principal.userId, id, ifMatch);
  }
}
