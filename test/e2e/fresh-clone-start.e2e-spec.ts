import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, isAlive } from 'test/support/processes';
import { PROJECT_ROOT } from 'test/support/run-ts';

/**
 * `npm start` exactly as someone runs it in a fresh clone, as the user running the suite (root
 * in CI and containers): the project's files in a new folder with a clone's mode, the default
 * data folder (`./.data/postgres`), the real script (build, then node).
 */
describe('npm start in a fresh clone', () => {
  let clone: string;
  let child: ChildProcess | undefined;
  let postmasterPid: number | undefined;

  beforeAll(async () => {
    clone = await mkdtemp(join(tmpdir(), 'ledgerline-clone-'));
    // What `git clone` leaves under the usual umask; mkdtemp's own 0700 would hide the problem.
    await chmod(clone, 0o755);
    const files = execFileSync('git', ['ls-files', '-z', '-co', '--exclude-standard'], {
      cwd: PROJECT_ROOT,
    })
      .toString()
      .split('\0')
      .filter((file) => file && existsSync(join(PROJECT_ROOT, file)));
    for (const file of files) {
      await mkdir(dirname(join(clone, file)), { recursive: true });
      await copyFile(join(PROJECT_ROOT, file), join(clone, file));
    }
    // `npm ci` would install the same tree; linking it keeps the test to what `npm start` does.
    await symlink(join(PROJECT_ROOT, 'node_modules'), join(clone, 'node_modules'));
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (postmasterPid && isAlive(postmasterPid)) process.kill(postmasterPid, 'SIGKILL');
    await rm(clone, { recursive: true, force: true });
  });

  it('serves, keeps the data folder private but reachable, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // The npm scripts call `node`: the one running this suite.
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
      PORT: String(port),
    };
    // Jest's own, and anything that would point the app somewhere other than its defaults.
    for (const key of Object.keys(env)) {
      if (/^(NODE_ENV|DATABASE_URL|EMBEDDED_PG_|LEDGERLINE_|TEST_DATABASE_URL)/.test(key)) {
        delete env[key];
      }
    }
    const started = spawn('npm', ['start'], {
      cwd: clone,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let output = '';
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => started.once('exit', resolve));

    const base = `http://127.0.0.1:${port}`;
    let ready = 0;
    // Far beyond a build and a first initdb, only so that a hang reports the output.
    const giveUpAt = Date.now() + 240_000;
    while (ready !== 200 && started.exitCode === null && Date.now() < giveUpAt) {
      try {
        ready = (await fetch(`${base}/health/ready`)).status;
      } catch {
        // not listening yet (still building, or PostgreSQL still starting)
      }
      if (ready !== 200) await sleep(250);
    }
    if (ready !== 200) {
      throw new Error(`npm start not ready (exit code ${started.exitCode}):\n${output}`);
    }

    const dataDir = join(clone, '.data', 'postgres');
    postmasterPid = Number(
      (await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    expect(isAlive(postmasterPid)).toBe(true);
    // Everyone may pass through `.data` (PostgreSQL runs as another user when we are root);
    // only the data folder itself is private.
    expect((await stat(join(clone, '.data'))).mode & 0o111).toBe(0o111);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);

    // As a supervisor does: the signal goes to the process it started, npm.
    started.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('Shutdown complete');
    expect(isAlive(postmasterPid)).toBe(false);
  }, 300_000);
});
