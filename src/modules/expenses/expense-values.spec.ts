import {
  cleanText,
  EXPENSE_LIMITS,
  normaliseTag,
  normaliseTags,
  tagProblem,
  searchWords,
} from 'src/modules/expenses/expense-values';

describe('expense values', () => {
  it.each([
    ['Food', 'food'],
    ['  Work   Trip ', 'work trip'],
    ['Café', 'café'],
    ['Cafe\u0301', 'café'],
    ['B&B', 'b&b'],
    ['c++', 'c++'],
    ["o'neill", "o'neill"],
    ['2026', '2026'],
    ['a\nb', 'a b'],
    ['x'.repeat(EXPENSE_LIMITS.tagLength), 'x'.repeat(EXPENSE_LIMITS.tagLength)],
  ])('normalises the tag %j to %j', (raw, expected) => {
    expect(normaliseTag(raw)).toBe(expected);
    expect(tagProblem(raw)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['too long', 'x'.repeat(EXPENSE_LIMITS.tagLength + 1)],
    ['with a comma', 'a,b'],
    ['starting with punctuation', '-x'],
    ['with a control character', 'a\u0000b'],
  ])('refuses a tag that is %s', (_name, raw) => {
    expect(normaliseTag(raw)).toBeUndefined();
    expect(tagProblem(raw)).toMatch(/each tag must be/);
  });

  it('refuses a tag that is not a string', () => {
    expect(tagProblem(7)).toBe('each tag must be a string');
  });

  it('keeps the first spelling of each tag, once', () => {
    expect(normaliseTags(['Food', 'food', ' FOOD ', 'Trip', 'food'])).toEqual(['food', 'trip']);
  });

  it.each([
    [null, null],
    [undefined, null],
    ['   ', null],
    ['  Blue Bottle ', 'Blue Bottle'],
  ])('cleans free text %j to %j', (raw, expected) => {
    expect(cleanText(raw)).toBe(expected);
  });

  it.each([
    ['blue', 'blue'],
    ['Blue  Bottle', 'Blue Bottle'],
    ["O'Brien & sons | !x:*", 'O Brien sons x'],
    ['blue blue', 'blue'],
    ['Ｂｌｕｅ', 'Blue'],
    ['Café', 'Café'],
    ['a b c d e f g h i j', 'a b c d e f g h'],
  ])('keeps the words of the search %j: %j (nothing else reaches the query)', (text, words) => {
    expect(searchWords(text)).toBe(words);
  });

  it.each(['', '!!!', ' & | ! ( ) : * '])('finds no word in %j', (text) => {
    expect(searchWords(text)).toBeUndefined();
  });
});
