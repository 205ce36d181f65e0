import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { QuoteCollector } from 'src/modules/currencies/providers/ecb-quotes';
import { FxQuote } from 'src/modules/currencies/providers/fx-rate.provider';

interface Cube {
  time?: unknown;
  currency?: unknown;
  rate?: unknown;
  Cube?: Cube[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  // Rates stay strings: a parsed number would already have lost the decimal.
  parseAttributeValue: false,
  parseTagValue: false,
  // The ECB files use no entities; not expanding any closes the entity-expansion door.
  processEntities: false,
  isArray: (name) => name === 'Cube',
});

/**
 * The ECB's gesmes XML (`eurofxref-daily.xml`, and the 90-day file of the same shape):
 * `Envelope > Cube > Cube[time] > Cube[currency, rate]`. Any defect refuses the whole file.
 */
export function parseEcbDailyXml(xml: string, what = 'ECB daily rates'): FxQuote[] {
  const collector: QuoteCollector = new QuoteCollector(what);
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line } = validation.err;
    collector.fail(`malformed XML (line ${line}: ${msg})`);
  }
  const document = parser.parse(xml) as { Envelope?: { Cube?: Cube[] } };
  const days = document.Envelope?.Cube?.[0]?.Cube;
  if (!document.Envelope) collector.fail('not a gesmes envelope');
  if (!days || days.length === 0) collector.fail('no dated rates in the file');
  for (const day of days) {
    const rates = day.Cube ?? [];
    if (rates.length === 0) collector.fail(`no rates for ${JSON.stringify(day.time)}`);
    for (const cube of rates) {
      collector.add(day.time, cube.currency, cube.rate, `rates of ${JSON.stringify(day.time)}`);
    }
  }
  return collector.quotes;
}
