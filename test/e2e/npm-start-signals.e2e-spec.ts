import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  commandLine,
  descendantsOf,
  freePort,
  isPortFree,
  isRunning,
  waitUntilOk,
} from 'test/support/processes';
import { PROJECT_ROOT } from 'test/support/run-ts';

/**
 * `npm start` as a service manager or a terminal runs it: the signal goes to npm (or its whole
 * process group), and when npm has exited nothing it started may still be running — not the
 * app, not the embedded PostgreSQL holding the data folder.
 */
describe('npm start and signals', () => {
  let root: string;
  const started: number[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ledgerline-npm-start-'));
    // Run as root, PostgreSQL runs as an unprivileged user that must reach the folder.
    await chmod(root, 0o755);
  });

  afterEach(() => {
    // Whatever a failed run left behind; these are this test's own processes.
    for (const pid of started.splice(0)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each([
    {
      sent: 'SIGTERM to npm alone, as a service manager sends it',
      signal: 'SIGTERM',
      group: false,
    },
    { sent: 'SIGINT to its process group, as Ctrl-C sends it', signal: 'SIGINT', group: true },
  ] as const)(
    'stops everything on $sent',
    async ({ signal, group }) => {
      const dataDir = join(root, `pg-${signal}`);
      const port = await freePort();
      const npm = spawn('npm', ['start'], {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'development',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: '',
          EMBEDDED_PG_DATA_DIR: dataDir,
          MAIL_OUTBOX_DIR: join(root, `outbox-${signal}`),
          DEMO_DATA: 'false',
        },
        // Its own process group, so that the group signal reaches npm and what it started only.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        npm.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })),
      );
      started.push(npm.pid!);

      // Build, first start of a new PostgreSQL folder, migrations: allow a slow machine.
      await waitUntilOk(`http://127.0.0.1:${port}/health/ready`, npm, 1200).catch(
        (error: unknown) => {
          throw new Error(`${(error as Error).message}\n${output}`);
        },
      );
      const processes = descendantsOf(npm.pid!);
      started.push(...processes);
      const postgres = Number(
        (await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0],
      );
      expect(processes).toContain(postgres);
      const app = processes.filter((pid) =>
        /^\S*node .*dist\/src\/main\.js/.test(commandLine(pid)),
      );
      expect(app).toHaveLength(1);

      process.kill(group ? -npm.pid! : npm.pid!, signal);
      const exit = await exited;

      // The service manager's view: its process has exited, so everything must have.
      const survivors = processes.filter(isRunning).map(commandLine);
      expect(survivors).toEqual([]);
      expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
      expect(await isPortFree(port)).toBe(true);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(output).toContain(`${signal} received`);
      expect(output).toContain('Shutdown complete');
    },
    240_000,
  );
});
