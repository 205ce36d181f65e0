import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  const embeddedEnv = () => ({
    NODE_ENV: 'test',
    DATABASE_URL: '',
    EMBEDDED_PG_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  });

  async function readPostmasterPid(): Promise<number> {
    return Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
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
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
    for (const pid of [postmasterPid, await readPostmasterPid().catch(() => 0)]) {
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
    app.child.kill('SIGKILL');
    await app.exited;
    // Its own process group: the server outlives the app that was killed.
    expect(isAlive(postmasterPid)).toBe(true);

    const result = await runTs('src/cli.ts', ['audit:verify'], embeddedEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Audit chain intact');
    expect(isAlive(postmasterPid)).toBe(false);
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
