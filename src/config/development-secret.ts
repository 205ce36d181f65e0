import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The development server's signing secret, beside the data it signs for. */
export const DEVELOPMENT_SECRET_FILE = 'ledgerline-jwt-secret';

const MIN_LENGTH = 32;

/**
 * The secret kept in `file`, created (mode 0600) on first use. A development server without
 * JWT_SECRETS used to sign with a new random secret at every start, which logged everyone out
 * (Swagger's "Authorize" included) at each restart. Production never comes here: it requires
 * JWT_SECRETS.
 */
export async function keepDevelopmentSecret(file: string): Promise<string> {
  const existing = await readSecret(file);
  if (existing) return existing;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  try {
    // `wx`: of two servers starting on one folder, the second reads what the first wrote.
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const written = await readSecret(file);
    if (!written) throw new Error(`${file} does not hold a usable secret`, { cause: error });
    return written;
  }
}

async function readSecret(file: string): Promise<string | undefined> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const secret = content.trim();
  if (secret.length < MIN_LENGTH) return undefined;
  await chmod(file, 0o600);
  return secret;
}
