import { parse } from 'csv-parse/sync';
import { csvRecord, guardFormula } from 'src/modules/expenses/export/csv-writer';

describe('CSV writer', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+441234', "'+441234"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tindent', "'\tindent"],
    ['\rreturn', "'\rreturn"],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    ["'quoted", "'quoted"],
    ['', ''],
  ])('guards %j as %j', (value, expected) => {
    expect(guardFormula(value)).toBe(expected);
  });

  it('quotes only the fields that need it, doubles quotes and ends records with CRLF', () => {
    expect(csvRecord(['a', 'b c', null, 'x,y', 'say "hi"', 'two\nlines', 'cr\rhere'])).toBe(
      'a,b c,,"x,y","say ""hi""","two\nlines","cr\rhere"\r\n',
    );
  });

  it('writes records a CSV reader reads back to the same values (after the formula guard)', () => {
    const values = ['Café, "Le Zinc"', '=1+1', 'multi\r\nline', '', '  padded  ', '-5'];
    const [read]: string[][] = parse(csvRecord(values));
    expect(read).toEqual(['Café, "Le Zinc"', "'=1+1", 'multi\r\nline', '', '  padded  ', "'-5"]);
  });
});
