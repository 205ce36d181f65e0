/** The longest name a category may have, in characters (after normalisation). */
export const CATEGORY_NAME_MAX = 60;

export const ARCHIVED_FILTERS = ['exclude', 'include', 'only'] as const;
export type ArchivedFilter = (typeof ARCHIVED_FILTERS)[number];

export interface CategorySearch {
  archived: ArchivedFilter;
  /** Only the sub-categories of this one, or (null) only top-level ones. */
  parentId?: string | null;
  limit: number;
  /** The name and id of the last category served. */
  after?: { name: string; id: string };
}

/** A category as imports and exports see it: enough to name it and to match a name to it. */
export interface CategoryRef {
  id: string;
  name: string;
  parentId: string | null;
  /** Which built-in default it is (`other`), null for the user's own. */
  defaultKey: string | null;
  archived: boolean;
}
