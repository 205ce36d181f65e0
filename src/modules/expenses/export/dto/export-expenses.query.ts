import { IntersectionType } from '@nestjs/swagger';
import { ExpenseFilterQuery, ExpenseSortQuery } from 'src/modules/expenses/dto/list-expenses.query';

/** The expense list's filters and sort, without paging: an export holds every match. */
export class ExportExpensesQuery extends IntersectionType(ExpenseFilterQuery, ExpenseSortQuery) {}
