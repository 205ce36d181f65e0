import { execFileSync } from 'node:child_process';
import { chmod, chown, copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import {
  EmbeddedPostgres,
  EmbeddedPostgresInUseError,
} from 'src/platform/database/embedded-postgres';
import { withDatabase } from 'test/support/database';
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

  it('keeps owning its server when its lock session is terminated', async () => {
    const dataDir = join(root, 'owner-session');
    const owner = new EmbeddedPostgres({
      dataDir,
      port: 0,
      persistent: false,
      log: () => undefined,
    });
    const url = await owner.start();
    try {
      const ownerSessions = (client: Client) =>
        client.query<{ pid: number }>(
          `SELECT a.pid FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
           WHERE l.locktype = 'advisory' AND a.application_name = 'ledgerline-owner'`,
        );
      const terminated = await withDatabase(url, async (client) => {
        const [session] = (await ownerSessions(client)).rows;
        await client.query('SELECT pg_terminate_backend($1)', [session.pid]);
        return session.pid;
      });
      // Bounded only to report a hang: the owner takes the lock again on a new session.
      let renewed: number | undefined;
      for (let attempt = 0; attempt < 100 && renewed === undefined; attempt++) {
        await sleep(100);
        renewed = await withDatabase(
          url,
          async (client) => (await ownerSessions(client)).rows[0]?.pid,
        );
      }
      expect(renewed).toBeDefined();
      expect(renewed).not.toBe(terminated);

      const second = new EmbeddedPostgres({
        dataDir,
        port: 0,
        persistent: true,
        log: () => undefined,
      });
      await expect(second.start()).rejects.toBeInstanceOf(EmbeddedPostgresInUseError);
      // Still the owner's server, still answering.
      await expect(
        withDatabase(
          url,
          async (client) => (await client.query<{ one: number }>('SELECT 1 AS one')).rows,
        ),
      ).resolves.toEqual([{ one: 1 }]);
    } finally {
      await owner.stop();
    }
  }, 60_000);
});
