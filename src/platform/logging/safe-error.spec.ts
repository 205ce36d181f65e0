import { describeError, scrubValues } from 'src/platform/logging/safe-error';

describe('scrubValues', () => {
  it.each([
    [
      'duplicate key value violates unique constraint "uq_users_email"',
      'duplicate key value violates unique constraint "uq_users_email"',
    ],
    [
      'null value in column "email" of relation "users" violates not-null constraint',
      'null value in column "email" of relation "users" violates not-null constraint',
    ],
    [
      'invalid input syntax for type uuid: "llk_secret"',
      'invalid input syntax for type uuid: "[VALUE]"',
    ],
    ['invalid value "note-secret" for "YYYY"', 'invalid value "[VALUE]" for "[VALUE]"'],
    [
      'value "99999999999" is out of range for type integer',
      'value "[VALUE]" is out of range for type integer',
    ],
    [
      '550 5.1.1 <ann.secret@example.org>: Recipient address rejected',
      '550 5.1.1 <[VALUE]>: Recipient address rejected',
    ],
  ])('%s', (input, expected) => {
    expect(scrubValues(input)).toBe(expected);
  });
});

describe('describeError', () => {
  it('keeps the SQLSTATE and names, drops detail, and rewrites the stack head', () => {
    const error = Object.assign(new Error('invalid input syntax for type uuid: "hunter2"'), {
      code: '22P02',
      detail: 'Key (email)=(a@b.example) already exists.',
      table: 'users',
    });
    const described = describeError(error);
    expect(described).toMatchObject({ code: '22P02', table: 'users' });
    expect(JSON.stringify(described)).not.toMatch(/hunter2|a@b\.example/);
    expect(described.stack).toMatch(
      /^Error: invalid input syntax for type uuid: "\[VALUE\]"\n\s+at /,
    );
  });

  it('reads the driver error of an ORM error', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "uq"'), {
      driverError: { code: '23505', constraint: 'uq' },
      parameters: ['secret-parameter'],
    });
    expect(describeError(error)).toMatchObject({ code: '23505', constraint: 'uq' });
    expect(JSON.stringify(describeError(error))).not.toContain('secret-parameter');
  });
});
