import { QueryFailedError } from 'typeorm';
import { mapDatabaseError } from 'src/platform/errors/database-error.mapper';

function failedQuery(driverError: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}

describe('mapDatabaseError', () => {
  it.each([
    ['a query past query_timeout', 'Query read timeout'],
    ['a later query on the connection closed after it', 'Client was closed and is not queryable'],
    ['a dropped connection', 'Connection terminated unexpectedly'],
  ])('maps %s, wrapped by TypeORM, to a retryable 503', (_case, message) => {
    expect(mapDatabaseError(failedQuery(new Error(message)))).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      options: { retryAfterSeconds: 5 },
    });
  });

  it('maps a pool that could not hand out a connection in time to a retryable 503', () => {
    expect(mapDatabaseError(new Error('timeout exceeded when trying to connect'))).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
    });
  });

  it('leaves a query error that is not about the connection alone', () => {
    expect(mapDatabaseError(failedQuery(new Error('syntax error at or near "x"')))).toBe(undefined);
  });
});
