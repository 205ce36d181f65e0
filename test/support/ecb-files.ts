import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { PROJECT_ROOT } from 'test/support/run-ts';

export const ECB_FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'ecb');

/**
 * The ECB's real rate history (1999 → 2026-04-13) from the shared data folder beside the
 * project. CI always has it; a plain clone of the project does not.
 */
export const SHARED_ECB_HISTORY = join(
  PROJECT_ROOT,
  '..',
  'shared',
  'data',
  'ecb_fx',
  'eurofxref-hist.csv.gz',
);

export function sharedEcbHistoryCsv(): string | undefined {
  if (!existsSync(SHARED_ECB_HISTORY)) return undefined;
  return gunzipSync(readFileSync(SHARED_ECB_HISTORY)).toString('utf8');
}

export function fixture(name: string): string {
  return readFileSync(join(ECB_FIXTURES, name), 'utf8');
}

/** The history CSV packed the way the ECB serves it: `eurofxref-hist.zip`. */
export function ecbHistoryZip(csv: string, entryName = 'eurofxref-hist.csv'): Uint8Array {
  return zipSync({ [entryName]: strToU8(csv) }, { level: 6 });
}

/** A daily file in the ECB's gesmes envelope, one `Cube` per currency. */
export function ecbDailyXml(date: string, rates: Record<string, string>): string {
  const cubes = Object.entries(rates)
    .map(([currency, rate]) => `\t\t\t<Cube currency='${currency}' rate='${rate}'/>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
\t<gesmes:subject>Reference rates</gesmes:subject>
\t<gesmes:Sender>
\t\t<gesmes:name>European Central Bank</gesmes:name>
\t</gesmes:Sender>
\t<Cube>
\t\t<Cube time='${date}'>
${cubes}
\t\t</Cube>
\t</Cube>
</gesmes:Envelope>
`;
}

/** The rates of one day of a history CSV (newest first, `N/A` left out), keyed by currency. */
export function csvDay(csv: string, date: string): Record<string, string> {
  const [header, ...rows] = csv.trim().split('\n');
  const codes = header.split(',').slice(1);
  const row = rows.find((line) => line.startsWith(`${date},`));
  if (!row) throw new Error(`${date} is not in the history`);
  const values = row.split(',').slice(1);
  return Object.fromEntries(
    codes.flatMap((code, index) =>
      code && values[index] && values[index] !== 'N/A' ? [[code, values[index]]] : [],
    ),
  );
}

/** How many rates a history CSV holds: every cell that is neither `N/A` nor empty. */
export function countCsvRates(csv: string): number {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .reduce(
      (total, line) =>
        total +
        line
          .split(',')
          .slice(1)
          .filter((cell) => cell !== '' && cell !== 'N/A').length,
      0,
    );
}
