import { CalendarDate } from 'src/platform/dates/calendar-date';
import { DecimalString } from 'src/platform/money/decimal';
import {
  CategoryNameIndex,
  categoryNameProblem,
  normaliseCategoryName,
} from 'src/modules/expenses/categories/category-names';
import { normalisePayee } from 'src/modules/expenses/import/dedupe-key';
import {
  ImportedExpenseRow,
  ParsedImportRow,
} from 'src/modules/expenses/import/expense-csv.parser';

export const NEGATIVE_AMOUNT_POLICIES = ['reject', 'skip'] as const;
export type NegativeAmountPolicy = (typeof NEGATIVE_AMOUNT_POLICIES)[number];
export const UNKNOWN_CATEGORY_POLICIES = ['reject', 'create'] as const;
export type UnknownCategoryPolicy = (typeof UNKNOWN_CATEGORY_POLICIES)[number];

export interface PlanOptions {
  /** `skip`: rows with a negative amount (refunds) are left out and listed, not errors. */
  negativeAmounts: NegativeAmountPolicy;
  /** `create`: a category name the user does not have becomes a new top-level category. */
  unknownCategories: UnknownCategoryPolicy;
  /** The category of rows that name none; undefined: such rows are errors. */
  fallbackCategoryId: string | undefined;
}

/** What the database already holds that a row may repeat. */
export interface DedupeFacts {
  /** Dedupe key → the import that created it (for this user). */
  importedKeys: ReadonlyMap<string, string>;
  /** Expense signature (see signatureOf) → how many such expenses the user has. */
  existingCounts: ReadonlyMap<string, number>;
}

/**
 * - `already-imported`: an earlier import of this user created a row with the same dedupe key;
 * - `matches-existing-expense`: the user already has as many expenses with this date, amount,
 *   currency and payee as the file has rows up to this one (an export imported back, or
 *   expenses typed in by hand before the bank's file arrived);
 * - `repeated-in-file`: another row of this file has the same dedupe key.
 */
export type DuplicateReason = 'already-imported' | 'matches-existing-expense' | 'repeated-in-file';

export interface PlannedDuplicate {
  line: number;
  reason: DuplicateReason;
  importId?: string;
  firstLine?: number;
}

export interface PlannedSkip {
  line: number;
  reason: 'negative-amount';
}

export interface RowProblem {
  line: number;
  field: string;
  message: string;
}

export interface PlannedRow {
  row: ImportedExpenseRow;
  /** An existing category, or one the import creates (by its name in `newCategories`). */
  category: { id: string } | { newName: string };
}

export interface ImportPlan {
  rowCount: number;
  toCreate: PlannedRow[];
  /** Every problem of every row, in file order. */
  errors: RowProblem[];
  errorRowCount: number;
  duplicates: PlannedDuplicate[];
  skipped: PlannedSkip[];
  /** Categories the import creates, as first spelt in the file. */
  newCategories: string[];
}

/** What makes two expenses "the same" for dedupe: the dedupe key without the occurrence. */
export function signatureOf(expense: {
  date: CalendarDate;
  amount: DecimalString;
  currency: string;
  payee: string | null;
}): string {
  return JSON.stringify([
    expense.date,
    expense.amount,
    expense.currency,
    normalisePayee(expense.payee),
  ]);
}

/**
 * Decides what happens to each row of a parsed file: created (with its category), skipped as a
 * duplicate or on purpose, or refused with its errors. Pure: the caller reads the facts from the
 * database, inside the commit's transaction when it commits, so the plan it writes is the plan
 * it checked.
 */
export function planImport(
  parsed: readonly ParsedImportRow[],
  categories: CategoryNameIndex,
  facts: DedupeFacts,
  options: PlanOptions,
): ImportPlan {
  const plan: ImportPlan = {
    rowCount: parsed.length,
    toCreate: [],
    errors: [],
    errorRowCount: 0,
    duplicates: [],
    skipped: [],
    newCategories: [],
  };
  const newCategories = new Map<string, string>();
  const seenKeys = new Map<string, number>();

  for (const item of parsed) {
    if (item.kind === 'error') {
      plan.errorRowCount++;
      for (const error of item.error.errors) {
        plan.errors.push({
          line: item.error.line,
          field: error.field,
          message: error.messages.join('; '),
        });
      }
      continue;
    }
    const { row } = item;
    if (row.amount.startsWith('-') && options.negativeAmounts === 'skip') {
      plan.skipped.push({ line: row.line, reason: 'negative-amount' });
      continue;
    }
    const duplicate = duplicateOf(row, facts, seenKeys);
    if (duplicate) {
      plan.duplicates.push(duplicate);
      continue;
    }
    seenKeys.set(row.dedupeKey, row.line);

    const category = categoryOf(row, categories, options, newCategories);
    if ('problem' in category) {
      plan.errorRowCount++;
      plan.errors.push({ line: row.line, field: 'category', message: category.problem });
      continue;
    }
    plan.toCreate.push({ row, category });
  }
  plan.newCategories = [...newCategories.values()];
  return plan;
}

function duplicateOf(
  row: ImportedExpenseRow,
  facts: DedupeFacts,
  seenKeys: ReadonlyMap<string, number>,
): PlannedDuplicate | undefined {
  const firstLine = seenKeys.get(row.dedupeKey);
  if (firstLine !== undefined) return { line: row.line, reason: 'repeated-in-file', firstLine };
  const importId = facts.importedKeys.get(row.dedupeKey);
  if (importId !== undefined) return { line: row.line, reason: 'already-imported', importId };
  // The file's n-th row of a kind repeats an existing expense while the user has more than n.
  if ((facts.existingCounts.get(signatureOf(row)) ?? 0) > row.occurrence) {
    return { line: row.line, reason: 'matches-existing-expense' };
  }
  return undefined;
}

function categoryOf(
  row: ImportedExpenseRow,
  categories: CategoryNameIndex,
  options: PlanOptions,
  newCategories: Map<string, string>,
): PlannedRow['category'] | { problem: string } {
  if (row.category === null) {
    return options.fallbackCategoryId !== undefined
      ? { id: options.fallbackCategoryId }
      : { problem: 'the row names no category and there is no default category to use' };
  }
  const match = categories.match(row.category);
  switch (match.kind) {
    case 'found':
      return { id: match.id };
    case 'archived':
      return { problem: `the category "${row.category}" is archived` };
    case 'ambiguous':
      return {
        problem: `several of your sub-categories are called "${row.category}": write it as "Parent / ${row.category}"`,
      };
    case 'unknown': {
      if (options.unknownCategories === 'reject') {
        return {
          problem: `you have no category "${row.category}" (unknownCategories=create creates it)`,
        };
      }
      const name = normaliseCategoryName(row.category);
      const problem = categoryNameProblem(name);
      if (problem) return { problem };
      const folded = name.toLocaleLowerCase('en-US');
      if (!newCategories.has(folded)) newCategories.set(folded, name);
      return { newName: newCategories.get(folded)! };
    }
  }
}
