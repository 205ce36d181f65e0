import { AppException } from 'src/platform/errors/app.exception';
import { parseIfMatch, versionEtag } from 'src/platform/http/etag';

describe('ETag and If-Match', () => {
  it('names a version weakly', () => {
    expect(versionEtag(3)).toBe('W/"3"');
  });

  it.each([
    [undefined, { kind: 'absent' }],
    ['*', { kind: 'any' }],
    [' * ', { kind: 'any' }],
    ['W/"3"', { kind: 'versions', versions: [3] }],
    ['"3"', { kind: 'versions', versions: [3] }],
    ['W/"3", "4"', { kind: 'versions', versions: [3, 4] }],
  ])('reads If-Match %j', (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });

  it.each([[''], ['3'], ['W/3'], ['"abc"'], ['W/"3",'], ['"1234567890"'], [['"1"', '"2"']]])(
    'refuses the malformed If-Match %j with VALIDATION_FAILED',
    (header) => {
      expect(() => parseIfMatch(header)).toThrow(AppException);
      expect(() => parseIfMatch(header)).toThrow('The If-Match header is not valid');
    },
  );
});
