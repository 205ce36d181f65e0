import { decodeCursor, encodeCursor } from 'src/platform/pagination/cursor';
import { toPage } from 'src/platform/pagination/page';

const ID = '2f1c7a52-8d0e-4f43-9a56-0c1b2d3e4f50';

describe('pagination', () => {
  const rows = [1, 2, 3, 4].map((n) => ({
    id: `${ID.slice(0, -1)}${n}`,
    at: `2026-01-0${n}T00:00:00.000Z`,
  }));
  const sortKey = (row: (typeof rows)[number]) => [row.at, row.id];

  it('serves `limit` rows and a cursor naming the last one when there are more', () => {
    const page = toPage(rows, 3, sortKey, (row) => row.id);
    expect(page.data).toEqual(rows.slice(0, 3).map((row) => row.id));
    expect(decodeCursor(page.nextCursor!, ['timestamp', 'uuid'])).toEqual([rows[2].at, rows[2].id]);
  });

  it('has no cursor on the last page', () => {
    expect(toPage(rows, 4, sortKey, (row) => row.id).nextCursor).toBeNull();
  });

  it('accepts nulls (nullable sort columns)', () => {
    expect(decodeCursor(encodeCursor([null, '42', ID]), ['decimal', 'integer', 'uuid'])).toEqual([
      null,
      '42',
      ID,
    ]);
  });

  it.each([
    ['not base64 json', 'not-a-cursor!'],
    ['of the wrong length', encodeCursor(['2026-01-01T00:00:00.000Z'])],
    ['holding a number', Buffer.from(`[42,"${ID}"]`).toString('base64url')],
    ['holding an object', Buffer.from(`[{"a":1},"${ID}"]`).toString('base64url')],
    ['not an array', Buffer.from('{"a":1}').toString('base64url')],
    ['holding a timestamp that is not one', encodeCursor(['yesterday', ID])],
    ['holding an impossible timestamp', encodeCursor(['2026-02-31T25:61:00.000Z', ID])],
    [
      'holding an id that is not a uuid',
      encodeCursor(['2026-01-01T00:00:00.000Z', "1' OR '1'='1"]),
    ],
  ])('refuses a cursor %s with VALIDATION_FAILED', (_, cursor) => {
    expect(() => decodeCursor(cursor, ['timestamp', 'uuid'])).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }) as Error,
    );
  });
});
