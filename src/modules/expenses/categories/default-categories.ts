/**
 * The categories every user starts with (top-level only: sub-categories are personal). The key
 * stays when the user renames one, so clients and imports can still recognise it.
 */
export const DEFAULT_CATEGORIES: readonly { key: string; name: string }[] = [
  { key: 'housing', name: 'Housing' },
  { key: 'utilities', name: 'Utilities' },
  { key: 'groceries', name: 'Groceries' },
  { key: 'dining', name: 'Eating out' },
  { key: 'transport', name: 'Transport' },
  { key: 'vehicle', name: 'Vehicle' },
  { key: 'health', name: 'Health' },
  { key: 'insurance', name: 'Insurance' },
  { key: 'shopping', name: 'Shopping' },
  { key: 'entertainment', name: 'Entertainment' },
  { key: 'travel', name: 'Travel' },
  { key: 'education', name: 'Education' },
  { key: 'gifts', name: 'Gifts and donations' },
  { key: 'fees', name: 'Fees and charges' },
  { key: 'other', name: 'Other' },
];
