import { parseEcbDailyXml } from 'src/modules/currencies/providers/ecb-daily.parser';
import { InvalidRatesFileError } from 'src/modules/currencies/providers/ecb-quotes';
import { ecbDailyXml, fixture } from 'test/support/ecb-files';

describe('parseEcbDailyXml', () => {
  it('reads the gesmes envelope of the daily file, rates kept as written', () => {
    expect(parseEcbDailyXml(fixture('eurofxref-daily.xml'))).toEqual([
      { date: '2026-04-14', currency: 'USD', rate: '1.1702' },
      { date: '2026-04-14', currency: 'JPY', rate: '186.9' },
      { date: '2026-04-14', currency: 'GBP', rate: '0.8712' },
      { date: '2026-04-14', currency: 'ISK', rate: '143.1' },
      { date: '2026-04-14', currency: 'IDR', rate: '20101.5' },
    ]);
  });

  it('reads a file of several days (the ECB 90-day file has the same shape)', () => {
    const twoDays = ecbDailyXml('2026-04-13', { USD: '1.1684' }).replace(
      '\t</Cube>\n</gesmes:Envelope>',
      "\t\t<Cube time='2026-04-10'><Cube currency='USD' rate='1.1711'/></Cube>\n\t</Cube>\n</gesmes:Envelope>",
    );
    expect(parseEcbDailyXml(twoDays)).toEqual([
      { date: '2026-04-13', currency: 'USD', rate: '1.1684' },
      { date: '2026-04-10', currency: 'USD', rate: '1.1711' },
    ]);
  });

  it('keeps a single rate a list (no XML-to-object shape surprises)', () => {
    expect(parseEcbDailyXml(ecbDailyXml('2026-04-13', { JPY: '186.75' }))).toEqual([
      { date: '2026-04-13', currency: 'JPY', rate: '186.75' },
    ]);
  });

  const good = ecbDailyXml('2026-04-13', { USD: '1.1684', JPY: '186.75' });

  it.each<[string, string, RegExp]>([
    ['truncated', good.slice(0, good.length / 2), /^ECB daily rates: malformed XML \(line \d+: /],
    ['empty', '', /malformed XML|no dated rates|not a gesmes envelope/],
    ['not XML at all', '{"rates":{"USD":1.1684}}', /malformed XML/],
    [
      'an HTML error page',
      '<html><body><h1>Maintenance</h1></body></html>',
      /not a gesmes envelope/,
    ],
    [
      'no day',
      ecbDailyXml('2026-04-13', {}).replace(/<Cube time=[^>]*>\s*<\/Cube>/, ''),
      /no dated rates/,
    ],
    ['a day without rates', ecbDailyXml('2026-04-13', {}), /no rates for "2026-04-13"/],
    ['an impossible date', ecbDailyXml('2026-02-30', { USD: '1.1' }), /"2026-02-30" is not a date/],
    [
      'a date without a time attribute',
      good.replace(" time='2026-04-13'", ''),
      /undefined is not a date/,
    ],
    [
      'a rate in exponent form',
      ecbDailyXml('2026-04-13', { USD: '1.1e0' }),
      /"1.1e0" is not a positive decimal rate for USD/,
    ],
    ['a zero rate', ecbDailyXml('2026-04-13', { USD: '0' }), /"0" is not a positive decimal rate/],
    [
      'a negative rate',
      ecbDailyXml('2026-04-13', { USD: '-1.2' }),
      /"-1.2" is not a positive decimal rate/,
    ],
    [
      'a missing rate',
      good.replace(" rate='1.1684'", ''),
      /undefined is not a positive decimal rate for USD/,
    ],
    [
      'a bad currency code',
      ecbDailyXml('2026-04-13', { usd: '1.1684' }),
      /"usd" is not a currency code/,
    ],
    [
      'a currency twice',
      good.replace("currency='JPY'", "currency='USD'"),
      /USD appears twice for 2026-04-13/,
    ],
  ])('refuses %s as a whole, with a clear error', (_, xml, message) => {
    let caught: unknown;
    try {
      parseEcbDailyXml(xml);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidRatesFileError);
    expect(caught).toMatchObject({ code: 'UPSTREAM_INVALID_RESPONSE' });
    expect((caught as Error).message).toMatch(message);
  });

  it('does not expand entities declared in the document', () => {
    const withEntity = good
      .replace(
        '<gesmes:Envelope',
        '<!DOCTYPE gesmes:Envelope [<!ENTITY rate "1.1684">]>\n<gesmes:Envelope',
      )
      .replace("rate='1.1684'", "rate='&rate;'");
    expect(() => parseEcbDailyXml(withEntity)).toThrow(/"&rate;" is not a positive decimal rate/);
  });
});
