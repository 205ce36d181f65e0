import { AppException } from 'src/platform/errors/app.exception';

/** Sort keys travel as strings (decimals, timestamps, ids), or null for a nullable column. */
export type CursorValue = string | null;

/** What each value of a cursor must be, checked before it reaches a query. */
export type CursorField = 'timestamp' | 'date' | 'uuid' | 'integer' | 'decimal' | 'string';

const FIELD_PATTERNS: Record<CursorField, RegExp> = {
  timestamp: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  integer: /^-?\d{1,19}$/,
  decimal: /^-?\d{1,30}(\.\d{1,18})?$/,
  string: /^[\s\S]{0,500}$/,
};

/**
 * Cursors are opaque to clients: the sort key of the last row served, as base64url JSON.
 * Ownership is enforced by the query itself, so a hand-made cursor can only skip rows the
 * caller may see anyway; it is validated for shape, not signed.
 */
export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * The sort key inside a cursor, each value checked against the field it stands for (a null
 * is allowed for nullable sort columns); anything else is a 400, never a database error.
 */
export function decodeCursor(cursor: string, fields: readonly CursorField[]): (string | null)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(values) || values.length !== fields.length) throw invalidCursor();
  return values.map((value: unknown, index) => {
    if (value === null) return null;
    const field = fields[index];
    if (typeof value !== 'string' || !FIELD_PATTERNS[field].test(value)) throw invalidCursor();
    if (field === 'timestamp' && Number.isNaN(Date.parse(value))) throw invalidCursor();
    return value;
  });
}

/** The keyset of lists ordered by creation, newest first: creation time and id, neither null. */
export function decodeCreatedAtCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = decodeCursor(cursor, ['timestamp', 'uuid']);
  if (createdAt === null || id === null) throw invalidCursor();
  return { createdAt, id };
}

function invalidCursor(): AppException {
  return new AppException('VALIDATION_FAILED', 'The cursor is not valid for this list', {
    errors: [{ field: 'cursor', messages: ['cursor must be a value returned as nextCursor'] }],
  });
}
