import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ParseUuid } from 'src/platform/errors/parse-uuid.pipe';
import { IfMatch, IfMatchHeader, VersionEtagInterceptor } from 'src/platform/http/etag';
import {
  AcceptsIdempotencyKey,
  IdempotencyKey,
} from 'src/platform/idempotency/idempotency-key.decorator';
import { IdempotentRequest } from 'src/platform/idempotency/idempotent-request';
import { Page, PageOf } from 'src/platform/pagination/page';
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

const READ = { scopes: ['expenses:read'] } as const;
const WRITE = { scopes: ['expenses:write'] } as const;

@ApiTags('recurring-expenses')
@Controller('recurring-expenses')
export class RecurringExpensesController {
  constructor(private readonly recurring: RecurringExpensesService) {}

  /** Your recurring expenses, newest first; `active` filters paused or running ones. */
  @Authenticated(READ)
  @RateLimit('authenticated')
  @Get()
  @ApiOkResponse({ type: PageOf(RecurringExpenseResponseDto) })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListRecurringExpensesQuery,
  ): Promise<Page<RecurringExpenseResponseDto>> {
    return this.recurring.list(principal.userId, query);
  }

  /** The daily run creates its expenses, from startDate on (past occurrences included). */
  @Authenticated(WRITE)
  @RateLimit('authenticated')
  @Post()
  @HttpCode(201)
  @AcceptsIdempotencyKey()
  @UseInterceptors(VersionEtagInterceptor)
  @ApiCreatedResponse({ type: RecurringExpenseResponseDto })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateRecurringExpenseDto,
    @IdempotencyKey() idempotent: IdempotentRequest | undefined,
  ): Promise<RecurringExpenseResponseDto> {
    return this.recurring.create(principal.userId, body, idempotent);
  }

  /** Declared before `:id` routes: a computation, nothing is stored. */
  @Authenticated(READ)
  @RateLimit('authenticated')
  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'The first dates a schedule would materialise, without saving it' })
  @ApiOkResponse({ type: RecurrencePreviewDto })
  previewUnsaved(@Body() body: RecurrenceDto, @Query() query: PreviewQuery): RecurrencePreviewDto {
    return this.recurring.previewUnsaved(body, query.count);
  }

  /** One of your recurring expenses, with its ETag. */
  @Authenticated(READ)
  @RateLimit('authenticated')
  @Get(':id')
  @UseInterceptors(VersionEtagInterceptor)
  @ApiOkResponse({ type: RecurringExpenseResponseDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuid) id: string,
  ): Promise<RecurringExpenseResponseDto> {
    return this.recurring.get(principal.userId, id);
  }

  @Authenticated(READ)
  @RateLimit('authenticated')
  @Get(':id/preview')
  @ApiOperation({ summary: 'The next dates this rule will materialise' })
  @ApiOkResponse({ type: RecurrencePreviewDto })
  preview(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuid) id: string,
    @Query() query: PreviewQuery,
  ): Promise<RecurrencePreviewDto> {
    return this.recurring.preview(principal.userId, id, query.count);
  }

  /**
   * Partial update, pause (`active: false`) and resume (`active: true`); needs `If-Match`.
   * Expenses already created stay as they are; the new template and schedule apply to
   * occurrences after `materialisedThrough`.
   */
  @Authenticated(WRITE)
  @RateLimit('authenticated')
  @Patch(':id')
  @UseInterceptors(VersionEtagInterceptor)
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag, e.g. W/"3"' })
  @ApiOkResponse({ type: RecurringExpenseResponseDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuid) id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() body: UpdateRecurringExpenseDto,
  ): Promise<RecurringExpenseResponseDto> {
    return this.recurring.update(principal.userId, id, ifMatch, body);
  }

  /** The rule goes; the expenses it created stay. */
  @Authenticated(WRITE)
  @RateLimit('authenticated')
  @Delete(':id')
  @HttpCode(204)
  @ApiHeader({ name: 'If-Match', required: false, description: 'Delete only this version' })
  @ApiNoContentResponse()
  delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuid) id: string,
    @IfMatchHeader() ifMatch: IfMatch,
  ): Promise<void> {
    return this.recurring.delete(principal.userId, id, ifMatch);
  }
}
