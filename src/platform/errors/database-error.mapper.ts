import { QueryFailedError } from 'typeorm';
import { AppException } from 'src/platform/errors/app.exception';

interface PgError {
  code?: string;
  constraint?: string;
}

// "not queryable": a later query of a request whose connection was closed after a timeout.
const CONNECTION_LOST =
  /Connection terminated|ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect|Query read timeout|not queryable/i;

/**
 * PostgreSQL errors in one place: what a client may learn from them and with which code.
 * Constraint names and SQL stay in the log, never in the response.
 */
export function mapDatabaseError(error: unknown): AppException | undefined {
  if (error instanceof QueryFailedError) {
    const driverError = error.driverError as PgError;
    switch (driverError.code) {
      case '23505':
        return new AppException(
          'ALREADY_EXISTS',
          'A resource with the same unique value already exists',
          { cause: error },
        );
      case '23503':
        return new AppException(
          'REFERENCED_RESOURCE_CONFLICT',
          'The change conflicts with a related resource',
          { cause: error },
        );
      case '23514':
      case '22P02':
      case '22003':
        return new AppException('UNPROCESSABLE', 'The request violates a data constraint', {
          cause: error,
        });
      case '40001':
      case '40P01':
        return new AppException('CONFLICT', 'A concurrent change conflicted; retry the request', {
          cause: error,
        });
      case '57014':
      case '53300':
      case '57P01':
      case '57P03':
        return unavailable(error);
    }
    if (driverError.code?.startsWith('08')) return unavailable(error);
    // TypeORM wraps the driver's own failures too (a query past query_timeout, a closed
    // connection): they carry no SQLSTATE, only their message.
    if (isConnectionLoss(error.driverError)) return unavailable(error);
    return undefined;
  }
  if (isConnectionLoss(error)) return unavailable(error);
  return undefined;
}

function isConnectionLoss(error: unknown): boolean {
  return error instanceof Error && CONNECTION_LOST.test(error.message);
}

function unavailable(cause: unknown): AppException {
  return new AppException('DEPENDENCY_UNAVAILABLE', 'The database is unavailable; retry shortly', {
    retryAfterSeconds: 5,
    cause,
  });
}
