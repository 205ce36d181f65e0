import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, ServerProcess, startSlowServer } from 'test/support/processes';
import { PROJECT_ROOT, runTs } from 'test/support/run-ts';

/**
 * Other processes on the data folder of a running app (the CLI, the migration scripts, a
 * second `npm start`) on a folder of this file's own.
 */
describe('embedded PostgreSQL shared with a running app', () => {
  let root: string;
  let dataDir: string;
  let app: ServerProcess;
  let postmasterPid: number;

  const embeddedEnv = (folder = dataDir) => ({
    NODE_ENV: 'test',
    DATABASE_URL: '',
    EMBEDDED_PG_DATA_DIR: folder,
    LOG_LEVEL: 'info',
  });

  /** 0 once the server has removed its pid file. */
  async function readPostmasterPid(folder = dataDir): Promise<number> {
    try {
      return Number((await readFile(join(folder, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    } catch {
      return 0;
    }
  }

  async function expectAppUnharmed(): Promise<void> {
    expect(await readPostmasterPid()).toBe(postmasterPid);
    expect(isAlive(postmasterPid)).toBe(true);
    expect((await fetch(`${app.base}/health/ready`)).status).toBe(200);
    // The route runs a query on the app's pool.
    expect((await fetch(`${app.base}/api/test-slow?ms=0`)).status).toBe(200);
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ledgerline-sharing-'));
    await chmod(root, 0o755);
    dataDir = join(root, 'pg');
    app = await startSlowServer({ EMBEDDED_PG_DATA_DIR: dataDir });
    postmasterPid = await readPostmasterPid();
  }, 120_000);

  afterAll(async () => {
    if (app.child.exitCode === null) app.child.kill('SIGTERM');
    await app.exited;
    for (const folder of [dataDir, join(root, 'orphaned'), join(root, 'no-app')]) {
      const pid = await readPostmasterPid(folder);
      if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    await rm(root, { recursive: true, force: true });
  });

  it('the CLI uses the running server and leaves it running', async () => {
    const email = 'beside-the-app@example.org';
    const password = 'a sturdy admin passphrase 2026';
    const result = await runTs(
      'src/cli.ts',
      ['users:create-admin', '--email', email],
      embeddedEnv(),
      `${password}\n`,
    );
    expect(result).toMatchObject({ code: 0, stdout: `Administrator ${email} created\n` });

    await expectAppUnharmed();
    // The account is in the app's database: the app itself logs it in.
    const login = await fetch(`${app.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
  }, 60_000);

  it('the migration scripts use the running server and leave it running', async () => {
    const result = await runTypeormCli('migration:show', embeddedEnv());
    expect(result.code).toBe(0);
    // Every migration is listed as applied (the app applied them), none as pending.
    expect(result.stdout).toMatch(/\[X\]/);
    expect(result.stdout).not.toMatch(/\[ \]/);
    await expectAppUnharmed();
  }, 60_000);

  it('a second app on the same folder refuses to start, naming the running one', async () => {
    const second = await runTs('src/main.ts', [], { ...embeddedEnv(), PORT: '0' });
    expect(second.code).toBe(1);
    const output = second.stdout + second.stderr;
    expect(output).toContain(`is in use by another Ledgerline process (pid ${app.child.pid})`);
    expect(output).not.toContain('Ledgerline listening');
    await expectAppUnharmed();
  }, 60_000);

  it('a server whose app was killed outright is an orphan: the next process takes over', async () => {
    const ownDir = join(root, 'orphaned');
    const killed = await startSlowServer({ EMBEDDED_PG_DATA_DIR: ownDir });
    const orphanPid = await readPostmasterPid(ownDir);
    killed.child.kill('SIGKILL');
    await killed.exited;
    // Its own process group: the server outlives the app that was killed.
    expect(isAlive(orphanPid)).toBe(true);

    const result = await runTs('src/cli.ts', ['audit:verify'], embeddedEnv(ownDir));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Audit chain intact');
    expect(isAlive(orphanPid)).toBe(false);
  }, 60_000);

  it('the migration scripts with no app running start the server and stop it as they exit', async () => {
    const ownDir = join(root, 'no-app');
    const result = await runTypeormCli('migration:run', embeddedEnv(ownDir));
    expect(result.code).toBe(0);
    // Shutting down may outlast the script by a moment; the bound only reports a hang.
    let pid = await readPostmasterPid(ownDir);
    for (let attempt = 0; attempt < 100 && pid && isAlive(pid); attempt++) {
      await sleep(100);
      pid = await readPostmasterPid(ownDir);
    }
    expect(pid && isAlive(pid)).toBeFalsy();
  }, 60_000);
});

/** `npm run migration:*` as package.json runs it, from the project's folder. */
function runTypeormCli(
  command: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        join(PROJECT_ROOT, 'node_modules/typeorm/cli.js'),
        command,
        '-d',
        'src/platform/database/typeorm-cli.data-source.ts',
      ],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
