import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentKeys } from 'src/config/environment.schema';

/** The configuration table in docs/configuration.md names every variable the schema reads, and no other. */
describe('configuration table in docs/configuration.md', () => {
  it('documents exactly the keys of the configuration schema', () => {
    const schema = new Set(environmentKeys());
    const page = readFileSync(join(__dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');
    const documented = new Set(
      page
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) =>
          [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]),
        ),
    );
    expect([...schema].filter((key) => !documented.has(key)).sort()).toEqual([]);
    expect([...documented].filter((key) => !schema.has(key)).sort()).toEqual([]);
  });
});
