import { Logger } from '@nestjs/common';
import { DatabaseLogger } from 'src/platform/database/database-logger';

describe('DatabaseLogger', () => {
  let error: jest.SpyInstance;
  let log: jest.SpyInstance;

  beforeEach(() => {
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('logs a failed statement and the count of its parameters, never their values', () => {
    const failure = Object.assign(new Error('invalid input syntax for type uuid: "s3cr3t"'), {
      code: '22P02',
      detail: 'Key (email)=(ann@example.org) already exists.',
    });
    new DatabaseLogger(['error']).logQueryError(
      failure,
      'SELECT *\n  FROM users WHERE id = $1 AND email = $2',
      ['s3cr3t', 'ann@example.org'],
    );
    expect(error).toHaveBeenCalledTimes(1);
    const [line, stack] = error.mock.calls[0] as [Record<string, unknown>, string];
    expect(line).toEqual({
      message: 'Query failed',
      error: {
        name: 'Error',
        message: 'invalid input syntax for type uuid: "[VALUE]"',
        code: '22P02',
      },
      query: 'SELECT * FROM users WHERE id = $1 AND email = $2',
      parameterCount: 2,
    });
    expect(stack).toMatch(/^Error: invalid input syntax for type uuid: "\[VALUE\]"\n/);
    expect(JSON.stringify(error.mock.calls)).not.toMatch(/s3cr3t|ann@example\.org/);
  });

  it('writes only the kinds of message the logging option enables', () => {
    const logger = new DatabaseLogger(['error', 'migration']);
    logger.log('info', 'All classes found using provided glob pattern');
    logger.logMigration('Migration CreateUsers has been executed successfully.');
    expect(log.mock.calls).toEqual([['Migration CreateUsers has been executed successfully.']]);
  });
});
