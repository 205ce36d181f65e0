import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepDevelopmentSecret } from 'src/config/development-secret';

describe('keepDevelopmentSecret', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'ledgerline-secret-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('creates a long secret readable by its owner only, and returns the same one afterwards', async () => {
    const file = join(folder, 'nested', 'ledgerline-jwt-secret');
    const first = await keepDevelopmentSecret(file);
    expect(first.length).toBeGreaterThanOrEqual(64);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await keepDevelopmentSecret(file)).toBe(first);
    expect((await readFile(file, 'utf8')).trim()).toBe(first);
  });

  it('refuses a file that holds no usable secret rather than overwrite it', async () => {
    const file = join(folder, 'ledgerline-jwt-secret');
    await writeFile(file, 'short\n');
    await expect(keepDevelopmentSecret(file)).rejects.toThrow('does not hold a usable secret');
  });

  it('gives two servers starting at once the same secret', async () => {
    const file = join(folder, 'ledgerline-jwt-secret');
    const [a, b] = await Promise.all([keepDevelopmentSecret(file), keepDevelopmentSecret(file)]);
    expect(a).toBe(b);
  });
});
