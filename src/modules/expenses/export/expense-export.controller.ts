import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RateLimit } from 'src/platform/rate-limit/rate-limit.decorator';
import { Authenticated, CurrentPrincipal } from 'src/platform/security/access.decorators';
import { Principal } from 'src/platform/security/principal';
import { ExportExpensesQuery } from 'src/modules/expenses/export/dto/export-expenses.query';
import {
  EXPORT_COLUMNS,
  ExpenseExportService,
} from 'src/modules/expenses/export/expense-export.service';

@ApiTags('expenses')
@Controller('expenses')
export class ExpenseExportController {
  constructor(private readonly exports: ExpenseExportService) {}

  /** A whole list at once is heavier than a page of it: counted in the search tier. */
  @Authenticated({ scopes: ['expenses:read'] })
  @RateLimit('search')
  @Get('export.csv')
  @ApiOperation({
    summary: 'Every expense the list filters select, as a CSV file',
    description:
      `Columns: ${EXPORT_COLUMNS.join(', ')}. RFC 4180 (comma, CRLF, quotes where needed); a ` +
      "cell starting with =, +, -, @, a tab or a carriage return is written behind a ' so that " +
      'spreadsheets do not run it. Import it back with dateColumn=date, amountColumn=amount, ' +
      'currencyColumn=currency, payeeColumn=payee, categoryColumn=category, noteColumn=note: ' +
      'the expenses it holds are skipped as duplicates.',
  })
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'The file', schema: { type: 'string' } })
  async export(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ExportExpensesQuery,
  ): Promise<StreamableFile> {
    const file = await this.exports.export(principal.userId, query);
    return new StreamableFile(file.content, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }
}
