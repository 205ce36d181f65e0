import { Body, Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
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
import { CurrentPrincipal } from 'src/platform/security/access.decorators';
import { Principal } from 'src/platform/security/principal';
import { CreateExpenseDto, UpdateExpenseDto } from 'src/modules/expenses/dto/create-expense.dto';
import { ExpenseResponseDto } from 'src/modules/expenses/dto/expense-response.dto';
import { ListExpensesQuery } from 'src/modules/expenses/dto/list-expenses.query';
import { ExpensesService } from 'src/modules/expenses/expenses.service';

const READ = 'expenses:read';
const WRITE = 'expenses:write';

@ApiTags('expenses')
@Controller('expenses')
export class ExpensesController {
  constructor(private readonly expenses: ExpensesService) {}

  /** Your expenses, filtered, sorted and cursor-paginated. */
  @ListRoute({ scope: READ, type: ExpenseResponseDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListExpensesQuery,
  ): Promise<Page<ExpenseResponseDto>> {
    return this.expenses.list(principal.userId, query);
  }

  /** Records an expense, converting it to your base currency; accepts `Idempotency-Key`. */
  @CreateRoute({ scope: WRITE, type: ExpenseResponseDto })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateExpenseDto,
    @IdempotencyKey() idempotent: IdempotentRequest | undefined,
  ): Promise<ExpenseResponseDto> {
    return this.expenses.create(principal.userId, body, idempotent);
  }

  /** One of your expenses, with its ETag. */
  @GetVersioned({ scope: READ, type: ExpenseResponseDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @OwnedId() id: string,
  ): Promise<ExpenseResponseDto> {
    return this.expenses.get(principal.userId, id);
  }

  /** Partial update; needs `If-Match` with the ETag last seen (428 without, 412 when stale). */
  @PatchVersioned({ scope: WRITE, type: ExpenseResponseDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @OwnedId() id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() body: UpdateExpenseDto,
  ): Promise<ExpenseResponseDto> {
    return this.expenses.update(principal.userId, id, ifMatch, body);
  }

  /** Deletes one of your expenses (`If-Match` optional). */
  @DeleteVersioned({ scope: WRITE })
  delete(
    @CurrentPrincipal() principal: Principal,
    @OwnedId() id: string,
    @IfMatchHeader() ifMatch: IfMatch,
  ): Promise<void> {
    return this.expenses.delete(principal.userId, id, ifMatch);
  }
}
