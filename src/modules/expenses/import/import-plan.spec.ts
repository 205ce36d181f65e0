import { CategoryNameIndex } from 'src/modules/expenses/categories/category-names';
import { CategoryRef } from 'src/modules/expenses/categories/category.types';
import { dedupeKey } from 'src/modules/expenses/import/dedupe-key';
import {
  ImportedExpenseRow,
  ParsedImportRow,
} from 'src/modules/expenses/import/expense-csv.parser';
import {
  DedupeFacts,
  PlanOptions,
  planImport,
  signatureOf,
} from 'src/modules/expenses/import/import-plan';

const CATEGORIES: CategoryRef[] = [
  { id: 'food', name: 'Food', parentId: null, defaultKey: null, archived: false },
  { id: 'other', name: 'Other', parentId: null, defaultKey: 'other', archived: false },
  { id: 'old', name: 'Old stuff', parentId: null, defaultKey: null, archived: true },
  { id: 'car', name: 'Car', parentId: null, defaultKey: null, archived: false },
  { id: 'bike', name: 'Bike', parentId: null, defaultKey: null, archived: false },
  { id: 'car-fuel', name: 'Fuel', parentId: 'car', defaultKey: null, archived: false },
  { id: 'bike-fuel', name: 'Fuel', parentId: 'bike', defaultKey: null, archived: false },
  { id: 'car-wash', name: 'Wash', parentId: 'car', defaultKey: null, archived: false },
];

const NO_FACTS: DedupeFacts = { importedKeys: new Map(), existingCounts: new Map() };
const OPTIONS: PlanOptions = {
  negativeAmounts: 'reject',
  unknownCategories: 'reject',
  fallbackCategoryId: 'other',
};

let nextLine = 2;
const occurrences = new Map<string, number>();

/** A valid parsed row, numbered the way the parser numbers repeats. */
function row(overrides: Partial<ImportedExpenseRow> = {}): ParsedImportRow {
  const base = {
    date: '2026-03-02',
    amount: '12.50',
    currency: 'EUR',
    payee: 'Shop',
    category: 'Food',
    note: null,
    ...overrides,
  };
  const signature = signatureOf(base);
  const occurrence = occurrences.get(signature) ?? 0;
  occurrences.set(signature, occurrence + 1);
  return {
    kind: 'row',
    row: {
      line: nextLine++,
      ...base,
      occurrence,
      dedupeKey: dedupeKey(base.date, base.amount, base.currency, base.payee, occurrence),
    },
  };
}

function errorRow(field: string, message: string): ParsedImportRow {
  return { kind: 'error', error: { line: nextLine++, errors: [{ field, messages: [message] }] } };
}

function plan(
  parsed: ParsedImportRow[],
  facts: DedupeFacts = NO_FACTS,
  options: Partial<PlanOptions> = {},
) {
  return planImport(parsed, new CategoryNameIndex(CATEGORIES), facts, {
    ...OPTIONS,
    ...options,
  });
}

beforeEach(() => {
  nextLine = 2;
  occurrences.clear();
});

describe('planImport', () => {
  it('creates valid rows with their category and lists row errors with line and field', () => {
    const result = plan([
      row(),
      errorRow('date', 'bad date'),
      row({ category: null }),
      row({ category: 'food' }),
    ]);
    expect(result.toCreate.map((planned) => [planned.row.line, planned.category])).toEqual([
      [2, { id: 'food' }],
      [4, { id: 'other' }],
      [5, { id: 'food' }],
    ]);
    expect(result.errors).toEqual([{ line: 3, field: 'date', message: 'bad date' }]);
    expect(result).toMatchObject({ rowCount: 4, errorRowCount: 1, duplicates: [], skipped: [] });
  });

  it.each<[string, string, string]>([
    ['a top-level name, any case', 'CAR', 'car'],
    ['a sub-category by its path', 'Car / Fuel', 'car-fuel'],
    ['a sub-category by its path, any case and spacing', ' bike  /  FUEL ', 'bike-fuel'],
    ['a sub-category by a name only it has', 'wash', 'car-wash'],
  ])('finds %s', (_, name, id) => {
    const result = plan([row({ category: name })]);
    expect(result.toCreate.map((planned) => planned.category)).toEqual([{ id }]);
    expect(result.errors).toEqual([]);
  });

  it.each<[string, string, string]>([
    [
      'a sub-category name two parents share',
      'Fuel',
      'several of your sub-categories are called "Fuel": write it as "Parent / Fuel"',
    ],
    ['an archived category', 'Old stuff', 'the category "Old stuff" is archived'],
    ['an unknown one', 'Pets', 'you have no category "Pets" (unknownCategories=create creates it)'],
  ])('refuses %s', (_, name, message) => {
    const result = plan([row({ category: name })]);
    expect(result.errors).toEqual([{ line: 2, field: 'category', message }]);
    expect(result.toCreate).toEqual([]);
  });

  it('creates unknown categories when asked: once per name whatever its case, first spelling kept', () => {
    const result = plan(
      [
        row({ category: 'Pets' }),
        row({ category: 'PETS', amount: '1.00' }),
        row({ category: '  Garden   tools ' }),
        row({ category: 'x'.repeat(61) }),
      ],
      NO_FACTS,
      { unknownCategories: 'create' },
    );
    expect(result.newCategories).toEqual(['Pets', 'Garden tools']);
    expect(result.toCreate.map((planned) => planned.category)).toEqual([
      { newName: 'Pets' },
      { newName: 'Pets' },
      { newName: 'Garden tools' },
    ]);
    expect(result.errors).toEqual([
      {
        line: 5,
        field: 'category',
        message: 'a category name may have at most 60 characters',
      },
    ]);
  });

  it('makes rows without a category errors when there is no default category', () => {
    const result = plan([row({ category: null })], NO_FACTS, { fallbackCategoryId: undefined });
    expect(result.errors).toEqual([
      {
        line: 2,
        field: 'category',
        message: 'the row names no category and there is no default category to use',
      },
    ]);
  });

  it('skips negative amounts when asked, and lists them', () => {
    const result = plan([row({ amount: '-5.00' }), row()], NO_FACTS, { negativeAmounts: 'skip' });
    expect(result.skipped).toEqual([{ line: 2, reason: 'negative-amount' }]);
    expect(result.toCreate).toHaveLength(1);
  });

  it('skips rows an earlier import created, naming that import', () => {
    const first = row();
    const second = row();
    const key = first.kind === 'row' ? first.row.dedupeKey : '';
    const result = plan([first, second], {
      importedKeys: new Map([[key, 'import-1']]),
      existingCounts: new Map(),
    });
    expect(result.duplicates).toEqual([
      { line: 2, reason: 'already-imported', importId: 'import-1' },
    ]);
    expect(result.toCreate.map((planned) => planned.row.line)).toEqual([3]);
  });

  it('skips as many repeats of an expense as the user already has, and creates the rest', () => {
    const rows = [row(), row({ payee: 'SHOP' }), row(), row({ amount: '9.99' })];
    const result = plan(rows, {
      importedKeys: new Map(),
      existingCounts: new Map([
        [signatureOf({ date: '2026-03-02', amount: '12.50', currency: 'EUR', payee: 'shop' }), 2],
      ]),
    });
    expect(result.duplicates).toEqual([
      { line: 2, reason: 'matches-existing-expense' },
      { line: 3, reason: 'matches-existing-expense' },
    ]);
    expect(result.toCreate.map((planned) => planned.row.line)).toEqual([4, 5]);
  });

  it('skips a row whose dedupe key the file already had', () => {
    const first = row();
    const twin: ParsedImportRow =
      first.kind === 'row' ? { kind: 'row', row: { ...first.row, line: 9 } } : first;
    const result = plan([first, twin]);
    expect(result.duplicates).toEqual([{ line: 9, reason: 'repeated-in-file', firstLine: 2 }]);
    expect(result.toCreate).toHaveLength(1);
  });

  it('treats a duplicate as a duplicate even when its category is now archived', () => {
    const old = row({ category: 'Old stuff' });
    const key = old.kind === 'row' ? old.row.dedupeKey : '';
    const result = plan([old], {
      importedKeys: new Map([[key, 'import-1']]),
      existingCounts: new Map(),
    });
    expect(result.errors).toEqual([]);
    expect(result.duplicates).toHaveLength(1);
  });
});
