import { execFileSync } from 'node:child_process';
import { chmod, chown, copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from 'test/support/run-ts';

// The whole suite already runs the server from this process's user; as root that path is
// the unprivileged hand-over, so the ordinary-user path needs root to be checked here.
const itWhenRoot = process.getuid?.() === 0 ? it : it.skip;

function runAs(
  node: string,
  uid: number,
  gid: number,
  dataDir: string,
): { answer: number; uid: number } {
  const output = execFileSync(
    node,
    ['-r', '@swc-node/register', join(PROJECT_ROOT, 'test/support/start-embedded.ts'), dataDir],
    {
      cwd: PROJECT_ROOT,
      uid,
      gid,
      env: { ...process.env, HOME: join(dataDir, '..', 'home') },
      timeout: 60_000,
    },
  );
  return JSON.parse(output.toString()) as { answer: number; uid: number };
}

describe('embedded PostgreSQL', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ledgerline-embedded-'));
    await chmod(root, 0o755);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  itWhenRoot(
    'also works when the app runs as an ordinary user',
    async () => {
      const uid = Number(execFileSync('id', ['-u', 'nobody']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'nobody']).toString().trim());
      const dataDir = join(root, 'as-nobody');
      await mkdir(dataDir, { mode: 0o700 });
      await chown(dataDir, uid, gid);
      await mkdir(join(root, 'home'));
      await chown(join(root, 'home'), uid, gid);

      // Node itself may sit in root's home, out of an ordinary user's reach.
      const node = join(root, 'node');
      await copyFile(process.execPath, node);
      await chmod(node, 0o755);

      expect(runAs(node, uid, gid, dataDir)).toEqual({ answer: 42, uid });
      // The folder is reused on the next start, still owned by the same user.
      expect(runAs(node, uid, gid, dataDir)).toEqual({ answer: 42, uid });
      expect((await stat(dataDir)).uid).toBe(uid);
    },
    120_000,
  );
});
