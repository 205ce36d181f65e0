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
import { CreateExpenseDto, UpdateExpenseDto } from 'src/modules/expenses/dto/create-expense.dto';
import { ExpenseResponseDto } from 'src/modules/expenses/dto/expense-response.dto';
import { ListExpensesQuery } from 'src/modules/expenses/dto/list-expenses.query';
import { ExpensesService } from 'src/modules/expenses/expenses.service';

const READ = { scopes: ['expenses:read'] } as const;
const WRITE = { scopes: ['expenses:write'] } as const;

@ApiTags('expenses')
@Controller('expenses')
export class ExpensesController {
  constructor(private readonly expenses: ExpensesService) {}

  /** Your expenses, filtered, sorted and cursor-paginated. */
  @Authenticated(READ)
  @RateLimit('authenticated')
  @Get()
  @ApiOkResponse({ type: PageOf(ExpenseResponseDto) })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListExpensesQuery,
  ): Promise<Page<ExpenseResponseDto>> {
    return this.expenses.list(principal.userId, query);
  }

  /** Records an expense, converting it to your base currency; accepts `Idempotency-Key`. */
  @Authenticated(WRITE)
  @RateLimit('authenticated')
  @Post()
  @HttpCode(201)
  @AcceptsIdempotencyKey()
  @UseInterceptors(VersionEtagInterceptor)
  @ApiCreatedResponse({ type: ExpenseResponseDto })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateExpenseDto,
    @IdempotencyKey() idempotent: IdempotentRequest | undefined,
  ): Promise<ExpenseResponseDto> {
    return this.expenses.create(principal.userId, body, idempotent);
  }

  /** One of your expenses, with its ETag. */
  @Authenticated(READ)
  @RateLimit('authenticated')
  @Get(':id')
  @UseInterceptors(VersionEtagInterceptor)
  @ApiOkResponse({ type: ExpenseResponseDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuid) id: string,
  ): Promise<ExpenseResponseDto> {
    return this.expenses.get(principal.userId, id);
  }

  /** Partial update; needs `If-Match` with the ETag last seen (428 without, 412 when stale). */
  @Authenticated(WRITE)
  @RateLimit('authenticated')
  @Patch(':id')
  @UseInterceptors(VersionEtagInterceptor)
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag, e.g. W/"3"' })
  @ApiOkResponse({ type: ExpenseResponseDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuid) id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() body: UpdateExpenseDto,
  ): Promise<ExpenseResponseDto> {
    return this.expenses.update(principal.userId, id, ifMatch, body);
  }

  /** Deletes one of your expenses (`If-Match` optional). */
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
    return this.expenses.delete(principal.userId, id, ifMatch);
  }
}
