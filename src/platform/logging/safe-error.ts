/**
 * What may be logged of an error without leaking the values it was about. PostgreSQL puts row
 * values in `detail` ("Key (email)=(a@b) already exists", "Failing row contains (…)") and, for
 * bad input, in the message itself (`invalid input syntax for type uuid: "…"`), and pg-boss and
 * TypeORM pass those messages on; SMTP replies quote the recipient. So the message is kept with
 * its identifiers (relation, constraint, column names: what an operator needs) and every other
 * quoted value and every email address replaced; `detail`, `where` and parameters are dropped.
 */
export interface SafeError {
  message: string;
  name?: string;
  /** SQLSTATE, e.g. 23505. */
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  stack?: string;
}

export const VALUE_REDACTED = '[VALUE]';
const EMAIL = /[^\s<>()"',;:]+@[^\s<>()"',;:]+\.[^\s<>()"',;:]+/g;
/** Words after which PostgreSQL quotes an identifier, not a value. */
const IDENTIFIER_BEFORE =
  /(?:relation|constraint|column|table|index|schema|function|sequence|database|role|type|operator|extension|trigger|view|savepoint|cursor|statement|domain|collation|publication|subscription|policy|tablespace|server)\s+$/i;

/** The text with quoted values and email addresses replaced (identifiers stay). */
export function scrubValues(text: string): string {
  const quoted = text.replace(/"((?:[^"]|"")*)"/g, (match, _inner: string, offset: number) =>
    IDENTIFIER_BEFORE.test(text.slice(Math.max(0, offset - 40), offset))
      ? match
      : `"${VALUE_REDACTED}"`,
  );
  return quoted.replace(EMAIL, VALUE_REDACTED);
}

interface PgLike {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  driverError?: unknown;
}

export function describeError(error: unknown): SafeError {
  if (!(error instanceof Error)) return { message: scrubValues(String(error)) };
  const pg = ((error as PgLike).driverError ?? error) as PgLike;
  const message = scrubValues(error.message);
  const described: SafeError = { name: error.name, message };
  if (typeof pg.code === 'string') described.code = pg.code;
  for (const key of ['constraint', 'table', 'column'] as const) {
    if (typeof pg[key] === 'string') described[key] = pg[key];
  }
  if (error.stack) {
    // The stack's first lines repeat the message; only the frames are kept beside the safe one.
    const frames = error.stack
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .join('\n');
    described.stack = `${error.name}: ${message}${frames ? `\n${frames}` : ''}`;
  }
  return described;
}
