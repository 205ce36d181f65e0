import { CATEGORY_NAME_MAX, CategoryRef } from 'src/modules/expenses/categories/category.types';

/** How a file names a sub-category: `Vehicle / Fuel`. */
export const CATEGORY_PATH_SEPARATOR = ' / ';

/** No control or format characters: a name is shown in lists, files and mails. */
const PRINTABLE = /^[^\p{Cc}\p{Cf}]+$/u;

/** The spelling a category name is stored in (what CreateCategoryDto does to a name). */
export function normaliseCategoryName(raw: string): string {
  return raw.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** Why `name` (normalised) cannot be a new category's name, or undefined. */
export function categoryNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a category name must not be empty';
  if (name.length > CATEGORY_NAME_MAX) {
    return `a category name may have at most ${CATEGORY_NAME_MAX} characters`;
  }
  if (!PRINTABLE.test(name)) return 'a category name must not contain control characters';
  return undefined;
}

/** Each category's name as a file writes it: `Name`, or `Parent / Name` for a sub-category. */
export function categoryPaths(categories: readonly CategoryRef[]): Map<string, string> {
  const byId = new Map(categories.map((category) => [category.id, category]));
  return new Map(
    categories.map((category) => {
      const parent = category.parentId === null ? undefined : byId.get(category.parentId);
      return [
        category.id,
        parent ? `${parent.name}${CATEGORY_PATH_SEPARATOR}${category.name}` : category.name,
      ];
    }),
  );
}

export type CategoryMatch =
  | { kind: 'found'; id: string }
  | { kind: 'archived' }
  | { kind: 'ambiguous' }
  | { kind: 'unknown' };

function fold(name: string): string {
  return normaliseCategoryName(name).toLocaleLowerCase('en-US');
}

/**
 * Finds a category by the name a file gives it, ignoring case: a top-level category by its
 * name first, then a sub-category by `Parent / Name`, then by its own name when only one
 * sub-category has it. Archived categories are only reported, never matched.
 */
export class CategoryNameIndex {
  private readonly tiers = [0, 1, 2].map(() => new Map<string, CategoryRef[]>());

  constructor(categories: readonly CategoryRef[]) {
    const paths = categoryPaths(categories);
    for (const category of categories) {
      if (category.parentId === null) {
        this.add(0, category.name, category);
      } else {
        this.add(1, paths.get(category.id)!, category);
        this.add(2, category.name, category);
      }
    }
  }

  match(name: string): CategoryMatch {
    const key = fold(name);
    let archived = false;
    for (const tier of this.tiers) {
      const found = tier.get(key) ?? [];
      const active = found.filter((category) => !category.archived);
      if (active.length === 1) return { kind: 'found', id: active[0].id };
      if (active.length > 1) return { kind: 'ambiguous' };
      archived ||= found.length > 0;
    }
    return archived ? { kind: 'archived' } : { kind: 'unknown' };
  }

  private add(tier: number, name: string, category: CategoryRef): void {
    const key = fold(name);
    const list = this.tiers[tier].get(key);
    if (list) list.push(category);
    else this.tiers[tier].set(key, [category]);
  }
}
