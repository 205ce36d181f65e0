import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentKeys } from 'src/config/environment.schema';

/** The README's configuration table names every variable the schema reads, and no other. */
describe('README configuration table', () => {
  it('documents exactly the keys of the configuration schema', () => {
    const schema = new Set(environmentKeys());
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'));
    const documented = new Set(
      table
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
