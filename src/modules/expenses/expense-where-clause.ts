import { ExpenseFilter } from 'src/modules/expenses/expense.types';

/** Exactly the expressions ix_expenses_tag_keys and ix_expenses_search_document index. */
const TAG_KEYS = 'expense_tag_keys(e.user_id, e.tags)';
const SEARCH_DOCUMENT = 'expense_search_document(e.user_id, e.payee, e.note)';

/** Builds a WHERE clause and its parameters: values are always parameters, never SQL text. */
export class Conditions {
  readonly clauses: string[] = [];
  constructor(readonly params: unknown[]) {}

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(clause: string): void {
    this.clauses.push(clause);
  }

  get sql(): string {
    return this.clauses.join(' AND ');
  }
}

/**
 * The WHERE clause (table alias `e`) of the user's expenses that match `filter`, its values
 * appended to `params` as placeholders: for any query over a filtered list (a page, an export,
 * a summary), so that every one filters the same way and on the same indexes. A query that
 * sorts and limits should collect text-search matches before sorting, as
 * ExpensesRepository.page does with an `OFFSET 0` subquery.
 */
export function expenseWhereClause(
  userId: string,
  filter: ExpenseFilter,
  params: unknown[],
): string {
  const where = new Conditions(params);
  const owner = where.param(userId);
  // With a text search the owner's condition must not be an index condition: the word index
  // already holds only this user's words, and a plan that reads the user's rows by their
  // index and tests each one's words is what the search index is there to avoid. The
  // condition is the same; only its spelling keeps the planner on the word index.
  where.add(
    filter.searchText === undefined
      ? `e.user_id = ${owner}::uuid`
      : `e.user_id IS NOT DISTINCT FROM ${owner}::uuid`,
  );
  if (filter.from !== undefined) where.add(`e.spent_on >= ${where.param(filter.from)}::date`);
  if (filter.to !== undefined) where.add(`e.spent_on <= ${where.param(filter.to)}::date`);
  if (filter.categoryIds !== undefined) {
    where.add(
      filter.categoryIds.length === 1
        ? `e.category_id = ${where.param(filter.categoryIds[0])}::uuid`
        : `e.category_id = ANY(${where.param(filter.categoryIds)}::uuid[])`,
    );
  }
  if (filter.tag !== undefined) {
    where.add(`${TAG_KEYS} @> ARRAY[${where.param(`${userId}:${filter.tag}`)}]::text[]`);
  }
  if (filter.searchText !== undefined) {
    // The words go through the same parser as the indexed text, then become prefix terms
    // under the owner's key, all required.
    where.add(
      `${SEARCH_DOCUMENT} @@ (
         SELECT string_agg(quote_literal(${owner}::text || ':' || words.lexeme) || ':*', ' & ')
         FROM unnest(to_tsvector('simple'::regconfig, ${where.param(filter.searchText)}::text)) AS words
       )::tsquery`,
    );
  }
  if (filter.minBaseAmount !== undefined) {
    where.add(`e.base_amount >= ${where.param(filter.minBaseAmount)}::numeric`);
  }
  if (filter.maxBaseAmount !== undefined) {
    where.add(`e.base_amount <= ${where.param(filter.maxBaseAmount)}::numeric`);
  }
  if (filter.currency !== undefined) where.add(`e.currency = ${where.param(filter.currency)}`);
  return where.sql;
}
