import { decodeCursor, encodeCursor } from 'src/platform/pagination/cursor';
import { toPage } from 'src/platform/pagination/page';

describe('pagination', () => {
  const rows = [1, 2, 3, 4].map((n) => ({ id: `id-${n}`, at: `2026-01-0${n}` }));
  const sortKey = (row: (typeof rows)[number]) => [row.at, row.id];

  it('serves `limit` rows and a cursor naming the last one when there are more', () => {
    const page = toPage(rows, 3, sortKey, (row) => row.id);
    expect(page.data).toEqual(['id-1', 'id-2', 'id-3']);
    expect(decodeCursor(page.nextCursor!, 2)).toEqual(['2026-01-03', 'id-3']);
  });

  it('has no cursor on the last page', () => {
    expect(toPage(rows, 4, sortKey, (row) => row.id).nextCursor).toBeNull();
  });

  it.each([
    ['not base64 json', 'not-a-cursor!'],
    ['wrong length', encodeCursor(['a'])],
    ['an object inside', Buffer.from('[{"a":1},"x"]').toString('base64url')],
    ['not an array', Buffer.from('{"a":1}').toString('base64url')],
  ])('refuses a cursor that is %s with VALIDATION_FAILED', (_, cursor) => {
    expect(() => decodeCursor(cursor, 2)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }) as Error,
    );
  });
});
