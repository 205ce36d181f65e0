import { appendFile, chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmbeddedPostgres } from 'src/platform/database/embedded-postgres';
import { freePort, isAlive, ServerProcess, startSlowServer } from 'test/support/processes';

/**
 * A running app whose PostgreSQL goes away: the embedded one is restarted under it, an
 * external one is reconnected to when it is back. Each test has a server of its own.
 */
describe('a running app whose database goes away', () => {
  let root: string;
  const apps: ServerProcess[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ledgerline-recovery-'));
    await chmod(root, 0o755);
  });

  afterAll(async () => {
    for (const app of apps) if (app.child.exitCode === null) app.child.kill('SIGKILL');
    await rm(root, { recursive: true, force: true });
  });

  async function start(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
    const app = await startSlowServer(env);
    apps.push(app);
    return app;
  }

  async function readPostmaster(dataDir: string): Promise<{ pid: number; port: number }> {
    const lines = (await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  }

  /** Polls until the probe answers `status`; the bound is only there to report a hang. */
  async function waitForReadiness(app: ServerProcess, status: number): Promise<void> {
    for (let attempt = 0; attempt < 600; attempt++) {
      const response = await fetch(`${app.base}/health/ready`).catch(() => undefined);
      if (response?.status === status) return;
      await sleep(100);
    }
    throw new Error(`readiness never answered ${status}:\n${app.output()}`);
  }

  it('restarts an embedded server that is killed, on the same port, and serves again', async () => {
    const dataDir = join(root, 'embedded-killed');
    const app = await start({ EMBEDDED_PG_DATA_DIR: dataDir });
    await waitForReadiness(app, 200);
    const before = await readPostmaster(dataDir);

    process.kill(before.pid, 'SIGKILL');
    let after = before;
    for (let attempt = 0; attempt < 600 && after.pid === before.pid; attempt++) {
      await sleep(100);
      after = await readPostmaster(dataDir).catch(() => before);
    }
    expect(after.pid).not.toBe(before.pid);
    expect(isAlive(after.pid)).toBe(true);
    // The pool's URL is still the right one.
    expect(after.port).toBe(before.port);
    await waitForReadiness(app, 200);
    expect((await fetch(`${app.base}/api/test-slow?ms=0`)).status).toBe(200);
    expect(app.output()).toContain('Embedded PostgreSQL restarted');

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(isAlive(after.pid)).toBe(false);
  }, 120_000);

  it('exits 1 when the killed embedded server cannot be started again', async () => {
    const dataDir = join(root, 'embedded-lost');
    const app = await start({ EMBEDDED_PG_DATA_DIR: dataDir, EMBEDDED_PG_RESTART_ATTEMPTS: '2' });
    const { pid } = await readPostmaster(dataDir);
    // A configuration PostgreSQL refuses: every restart fails.
    await appendFile(join(dataDir, 'postgresql.conf'), '\nthis is not a setting\n');
    process.kill(pid, 'SIGKILL');

    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('Restarting the embedded PostgreSQL failed (attempt 2/2)');
    expect(app.output()).toContain('could not be restarted');
  }, 120_000);

  it('reconnects to an external server (DATABASE_URL) that stops and comes back', async () => {
    const external = new EmbeddedPostgres({
      dataDir: join(root, 'external'),
      // Fixed, so that the server comes back where DATABASE_URL points.
      port: await freePort(),
      persistent: true,
      log: () => undefined,
    });
    const app = await start({ DATABASE_URL: await external.start() });
    try {
      await waitForReadiness(app, 200);

      await external.stop();
      await waitForReadiness(app, 503);
      expect(app.child.exitCode).toBeNull();

      await external.start();
      await waitForReadiness(app, 200);
      expect((await fetch(`${app.base}/api/test-slow?ms=0`)).status).toBe(200);

      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    } finally {
      await external.stop();
    }
  }, 120_000);
});
