import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, runTs } from 'test/support/run-ts';

describe('src/metadata.ts (the Swagger plugin metadata)', () => {
  it('matches what the generator makes from the sources now (run `npm run generate:metadata`)', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'ledgerline-metadata-'));
    try {
      const result = await runTs('scripts/generate-metadata.ts', [scratch]);
      expect(result.code).toBe(0);
      const fresh = await readFile(join(scratch, 'metadata.ts'), 'utf8');
      const committed = await readFile(join(PROJECT_ROOT, 'src', 'metadata.ts'), 'utf8');
      expect(committed).toBe(fresh);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }, 60_000);
});
