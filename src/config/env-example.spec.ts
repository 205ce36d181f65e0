import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentKeys } from 'src/config/environment.schema';

function exampleEntries(): { key: string; commented: boolean }[] {
  const lines = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8').split('\n');
  return lines.flatMap((line, index) => {
    const match = /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(line);
    if (!match) return [];
    return [{ key: match[1], commented: (lines[index - 1] ?? '').startsWith('#') }];
  });
}

describe('.env.example', () => {
  it('lists exactly the keys of the configuration schema', () => {
    const keys = exampleEntries().map((entry) => entry.key);
    expect([...keys].sort()).toEqual(environmentKeys());
  });

  it('explains every key with a comment line above it', () => {
    expect(exampleEntries().filter((entry) => !entry.commented)).toEqual([]);
  });
});
