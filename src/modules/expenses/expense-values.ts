/** Bounds of what an expense may carry, shared by the DTOs, the writer and the importers. */
export const EXPENSE_LIMITS = {
  /** Digits before the decimal point of an amount; the column is numeric(16, 4). */
  amountIntegerDigits: 12,
  payee: 200,
  note: 2000,
  tags: 20,
  tagLength: 32,
  searchLength: 100,
  searchWords: 8,
  /** Dates outside this range are typing mistakes, not expenses. */
  earliestDate: '1900-01-01',
  latestDate: '2100-12-31',
} as const;

/** Letters, digits, spaces and a few joiners; no commas (the usual tag separator in files). */
const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._&+#'/-]*$/u;

/**
 * The one spelling of a tag: Unicode-normalised, trimmed, inner spaces collapsed, lower case.
 * Undefined when nothing valid is left.
 */
export function normaliseTag(raw: string): string | undefined {
  const tag = raw.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US');
  if (tag.length === 0 || tag.length > EXPENSE_LIMITS.tagLength || !TAG_PATTERN.test(tag)) {
    return undefined;
  }
  return tag;
}

/** What is wrong with a tag as sent, or undefined. */
export function tagProblem(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return 'each tag must be a string';
  if (normaliseTag(raw) === undefined) {
    return (
      `each tag must be 1–${EXPENSE_LIMITS.tagLength} characters: letters, digits, spaces ` +
      `and . _ & + # ' / - (no commas), starting with a letter or digit`
    );
  }
  return undefined;
}

/** Normalised and without repeats, first occurrence first. */
export function normaliseTags(raw: readonly string[]): string[] {
  const tags: string[] = [];
  for (const value of raw) {
    const tag = normaliseTag(value);
    if (tag !== undefined && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/** Free text as stored: trimmed, and null when nothing is left. */
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.normalize('NFC').trim();
  return trimmed.length > 0 ? trimmed : null;
}

/**
 * The words of a search for payee and note: letters and digits only, at most a few, joined by
 * spaces. PostgreSQL then parses and lower-cases them exactly as it did the stored text, and
 * no input can be tsquery syntax. Undefined when the text holds no word.
 */
export function searchWords(text: string): string | undefined {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu);
  if (!words) return undefined;
  return [...new Set(words)].slice(0, EXPENSE_LIMITS.searchWords).join(' ');
}
