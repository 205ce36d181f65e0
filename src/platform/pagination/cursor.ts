import { AppException } from 'src/platform/errors/app.exception';

export type CursorValue = string | number | boolean | null;

/**
 * Cursors are opaque to clients: the sort key of the last row served, as base64url JSON.
 * Ownership is enforced by the query itself, so a hand-made cursor can only skip rows the
 * caller may see anyway; it is validated for shape, not signed.
 */
export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The sort key inside a cursor, checked against the number of values the list expects. */
export function decodeCursor(cursor: string, expectedLength: number): CursorValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    !Array.isArray(values) ||
    values.length !== expectedLength ||
    !values.every(
      (value) => value === null || ['string', 'number', 'boolean'].includes(typeof value),
    )
  ) {
    throw invalidCursor();
  }
  return values as CursorValue[];
}

function invalidCursor(): AppException {
  return new AppException('VALIDATION_FAILED', 'The cursor is not valid for this list', {
    errors: [{ field: 'cursor', messages: ['cursor must be a value returned as nextCursor'] }],
  });
}
