import { ExpenseResponseDto } from 'src/modules/expenses/dto/expense-response.dto';
import { ExpenseRecord } from 'src/modules/expenses/expense.types';

/** What the API shows of an expense. */
export function toExpenseResponse(expense: ExpenseRecord): ExpenseResponseDto {
  const converted = expense.baseAmount !== null;
  return {
    id: expense.id,
    version: expense.version,
    date: expense.date,
    amount: { amount: expense.amount, currency: expense.currency },
    baseAmount: converted ? { amount: expense.baseAmount!, currency: expense.baseCurrency } : null,
    fx: {
      status: converted ? 'converted' : 'missing',
      baseCurrency: expense.baseCurrency,
      rate: expense.fxRate,
      rateDate: expense.fxRateDate,
      source: expense.fxSource,
      reason: expense.fxMissingReason,
      detail: expense.fxMissingDetail,
    },
    categoryId: expense.categoryId,
    payee: expense.payee,
    note: expense.note,
    tags: expense.tags,
    vehicleId: expense.vehicleId,
    createdAt: expense.createdAt,
    updatedAt: expense.updatedAt,
  };
}
