import { AppException } from 'src/platform/errors/app.exception';
import { IfMatch } from 'src/platform/http/etag';
import { VersionedResource } from 'src/platform/owned-resources/versioned-resource';

const GADGET = new VersionedResource('gadget');

function thrown(run: () => unknown): AppException {
  try {
    run();
  } catch (error) {
    return error as AppException;
  }
  throw new Error('nothing thrown');
}

describe('VersionedResource', () => {
  it('answers a miss with 404 and a hit with the record', () => {
    expect(thrown(() => GADGET.found(undefined))).toMatchObject({
      code: 'NOT_FOUND',
      detail: 'No such gadget',
    });
    const record = { version: 1 };
    expect(GADGET.found(record)).toBe(record);
  });

  it('needs If-Match for a change (428) and answers the versions it accepts', () => {
    expect(thrown(() => GADGET.requireIfMatch({ kind: 'absent' }))).toMatchObject({
      code: 'PRECONDITION_REQUIRED',
      detail: 'Send If-Match with the ETag of the gadget you are changing',
    });
    expect(GADGET.requireIfMatch({ kind: 'any' })).toBeUndefined();
    expect(GADGET.requireIfMatch({ kind: 'versions', versions: [2, 3] })).toEqual([2, 3]);
  });

  it.each([
    ['no expectation', undefined],
    ['an absent If-Match', { kind: 'absent' }],
    ['If-Match *', { kind: 'any' }],
    ['the version', 3],
    ['a list holding the version', [1, 3]],
    ['an If-Match listing the version', { kind: 'versions', versions: [3] }],
  ] as [string, IfMatch | number | number[] | undefined][])(
    'lets %s through',
    (_name, expected) => {
      expect(() => GADGET.assertVersion({ version: 3 }, expected)).not.toThrow();
    },
  );

  it.each([
    ['another version', 2],
    ['a list without the version', [1, 2]],
    ['an If-Match without the version', { kind: 'versions', versions: [4] }],
  ] as [string, IfMatch | number | number[]][])(
    'refuses %s with 412, naming the current version',
    (_name, expected) => {
      expect(thrown(() => GADGET.assertVersion({ version: 3 }, expected))).toMatchObject({
        code: 'PRECONDITION_FAILED',
        detail: 'The gadget has changed (it is at version 3); fetch it again',
      });
    },
  );
});
