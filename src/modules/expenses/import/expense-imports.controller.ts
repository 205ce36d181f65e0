import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseUuid } from 'src/platform/errors/parse-uuid.pipe';
import { AcceptsCsvBody, CsvBody, CsvUpload } from 'src/platform/http/csv-body';
import { Page, PageOf, PageQuery } from 'src/platform/pagination/page';
import { RateLimit } from 'src/platform/rate-limit/rate-limit.decorator';
import { Authenticated, CurrentPrincipal } from 'src/platform/security/access.decorators';
import { Principal } from 'src/platform/security/principal';
import { ExpenseImportReportDto } from 'src/modules/expenses/import/dto/expense-import-report.dto';
import { ExpenseImportResponseDto } from 'src/modules/expenses/import/dto/expense-import-response.dto';
import { ImportExpensesQuery } from 'src/modules/expenses/import/dto/import-expenses.query';
import { ExpenseImportsService } from 'src/modules/expenses/import/expense-imports.service';

const READ = { scopes: ['expenses:read'] } as const;
const WRITE = { scopes: ['expenses:write'] } as const;

@ApiTags('expense-imports')
@Controller('expense-imports')
export class ExpenseImportsController {
  constructor(private readonly imports: ExpenseImportsService) {}

  /**
   * 200 for both: a dry run creates nothing, and a commit's report carries the import it made
   * (Nest fixes a route's status, and a preview answered 201 would claim a creation).
   */
  @Authenticated(WRITE)
  @RateLimit('upload')
  @Post()
  @HttpCode(200)
  @AcceptsCsvBody(
    'The CSV file itself (UTF-8, or windows-1252 when the Content-Type says charset=windows-1252), ' +
      'at most IMPORT_MAX_BYTES bytes and IMPORT_MAX_ROWS data rows, with a header row',
  )
  @ApiOperation({
    summary: 'Preview (dryRun=true, the default) or import (dryRun=false) a CSV file of expenses',
    description:
      'A dry run lists every row error, the rows it would skip as duplicates and why, and the ' +
      'categories it would create, and writes nothing. An import is all or nothing: any row ' +
      'error answers 422 IMPORT_ROWS_INVALID with the errors and writes nothing. Rows already ' +
      'imported (same date, amount, currency, payee and repeat number) are skipped, so ' +
      'importing the same file again creates nothing.',
  })
  @ApiOkResponse({ type: ExpenseImportReportDto })
  upload(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ImportExpensesQuery,
    @CsvBody() file: CsvUpload,
  ): Promise<ExpenseImportReportDto> {
    return this.imports.upload(principal.userId, query, file);
  }

  /** Your CSV imports, newest first. */
  @Authenticated(READ)
  @RateLimit('authenticated')
  @Get()
  @ApiOkResponse({ type: PageOf(ExpenseImportResponseDto) })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQuery,
  ): Promise<Page<ExpenseImportResponseDto>> {
    return this.imports.list(principal.userId, query);
  }

  /** One of your CSV imports and its counts. */
  @Authenticated(READ)
  @RateLimit('authenticated')
  @Get(':id')
  @ApiOkResponse({ type: ExpenseImportResponseDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuid) id: string,
  ): Promise<ExpenseImportResponseDto> {
    return this.imports.get(principal.userId, id);
  }

  /** Bulk like an upload, so counted in the same tier. */
  @Authenticated(WRITE)
  @RateLimit('upload')
  @Post(':id/undo')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Undo an import: delete every expense it created, in one transaction',
    description:
      'Expenses changed since are deleted too; the import stays, with status undone, and its ' +
      'rows may be imported again. 409 when it is already undone.',
  })
  @ApiOkResponse({ type: ExpenseImportResponseDto })
  undo(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUuid) id: string,
  ): Promise<ExpenseImportResponseDto> {
    return this.imports.undo(principal.userId, id);
  }
}
