import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';
import { freePort, isAlive, startSlowServer } from 'test/support/processes';
import { runTs } from 'test/support/run-ts';
import { startTestApp } from 'test/support/test-app';

describe('process lifecycle', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ledgerline-lifecycle-'));
    await chmod(root, 0o755);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('on SIGTERM finishes the in-flight request, stops PostgreSQL and exits 0', async () => {
    const dataDir = join(root, 'pg');
    const { child, base, exited, output } = await startSlowServer({
      EMBEDDED_PG_DATA_DIR: dataDir,
      SHUTDOWN_READINESS_DELAY_MS: '700',
    });
    const postgresPid = Number(
      (await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    expect(isAlive(postgresPid)).toBe(true);

    const slow = fetch(`${base}/api/test-slow?ms=1500`);
    await sleep(300);
    child.kill('SIGTERM');

    // Readiness fails first, while the server still answers, so a balancer can move away.
    await sleep(150);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      code: 'SHUTTING_DOWN',
      detail: 'Not ready: shutdown (shutting down)',
    });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);

    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sleptMs: 1500 });
    expect(await exited).toBe(0);
    expect(isAlive(postgresPid)).toBe(false);
    expect(output()).toContain('SIGTERM received');
    expect(output()).toContain('Shutdown complete');
  }, 60_000);

  it('takes a second signal during shutdown in its stride, PostgreSQL included', async () => {
    const dataDir = join(root, 'pg-twice');
    const { child, base, exited, output } = await startSlowServer({
      EMBEDDED_PG_DATA_DIR: dataDir,
      SHUTDOWN_READINESS_DELAY_MS: '1000',
    });
    const postgresPid = Number(
      (await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    try {
      child.kill('SIGTERM');
      // The first has been handled once readiness fails. A service manager and npm forwarding
      // what it got, a second Ctrl-C or an impatient operator then send another.
      for (let polls = 0; (await fetch(`${base}/health/ready`)).status !== 503; polls++) {
        expect(polls).toBeLessThan(100);
        await sleep(50);
      }
      child.kill('SIGTERM');

      expect(await exited).toBe(0);
      expect(isAlive(postgresPid)).toBe(false);
      expect(output()).toContain('SIGTERM received again: already shutting down');
      expect(output()).toContain('Shutdown complete');
    } finally {
      // A server orphaned by a failure here is this test's own.
      if (isAlive(postgresPid)) process.kill(postgresPid, 'SIGKILL');
    }
  }, 60_000);

  it('on SIGTERM lets a handler whose client hung up finish its database work', async () => {
    const { child, base, exited, output } = await startSlowServer({
      EMBEDDED_PG_DATA_DIR: join(root, 'pg-abandoned'),
    });

    const abandoned = new AbortController();
    const request = fetch(`${base}/api/test-slow?ms=1000`, { signal: abandoned.signal }).catch(
      () => 'aborted',
    );
    await sleep(200);
    abandoned.abort();
    expect(await request).toBe('aborted');
    child.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(output()).toContain('slow handler finished after 1000 ms');
    expect(output()).not.toMatch(/Connection terminated|ERROR/);
  }, 60_000);

  it('keeps the pool open at shutdown until running handlers have finished', async () => {
    const ctx = await startTestApp({ SHUTDOWN_TIMEOUT_MS: '10000' });
    const state = ctx.app.get(ShutdownState);
    const dataSource = ctx.app.get(DataSource);
    state.handlerStarted();
    const closing = ctx.app.close();
    // The HTTP server is closed by now; the handler is still "running".
    await sleep(500);
    expect(dataSource.isInitialized).toBe(true);
    await expect(dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    state.handlerFinished();
    await closing;
    expect(dataSource.isInitialized).toBe(false);
    await ctx.database.drop();
  }, 30_000);

  it('says at start-up where it really listens and where the docs are, with Nest’s narration at debug', async () => {
    const server = await startSlowServer({
      EMBEDDED_PG_DATA_DIR: join(root, 'pg-startup-lines'),
      HOST: '0.0.0.0',
    });
    try {
      const port = new URL(server.base).port;
      const output = server.output();
      expect(output).toContain(
        `Ledgerline listening on http://0.0.0.0:${port}, every interface; from this machine http://localhost:${port} (ready in`,
      );
      expect(output).toContain(`API docs: http://localhost:${port}/api/docs`);
      expect(output).not.toContain('Mapped {');
      expect(output).not.toContain('dependencies initialized');
      expect(output).not.toContain('listening on http://127.0.0.1');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 60_000);

  it('in development keeps its generated signing secret with the data: a restart leaves tokens valid', async () => {
    const dataDir = join(root, 'pg-dev-secret');
    const env = {
      NODE_ENV: 'development',
      EMBEDDED_PG_DATA_DIR: dataDir,
      JWT_SECRETS: '',
      ADMIN_EMAIL: 'first-admin@example.org',
      ADMIN_PASSWORD: 'orchid-lantern-quarry-42',
      MAIL_OUTBOX_DIR: join(root, 'outbox-dev-secret'),
    };
    const first = await startSlowServer(env);
    const login = await fetch(`${first.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const secretFile = join(dataDir, 'ledgerline-jwt-secret');
    expect((await stat(secretFile)).mode & 0o777).toBe(0o600);

    const second = await startSlowServer(env);
    try {
      const me = await fetch(`${second.base}/api/v1/me`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(me.status).toBe(200);
      expect(second.output()).toContain(`development secret kept in ${secretFile}`);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 90_000);

  it('refuses to start in production without a signing secret, naming the variable', async () => {
    const result = await runTs('src/main.ts', [], {
      NODE_ENV: 'production',
      JWT_SECRETS: '',
      CORS_ORIGINS: '*',
      PORT: 'not-a-port',
    });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).not.toContain('listening');
  }, 30_000);

  it('fails start-up with a clear error when PostgreSQL cannot be reached', async () => {
    const port = await freePort();
    const result = await runTs('src/main.ts', [], {
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: `postgres://nobody:nothing@127.0.0.1:${port}/none`,
      DB_CONNECT_ATTEMPTS: '2',
    });
    expect(result.code).toBe(1);
    const output = result.stdout + result.stderr;
    expect(output).toContain('PostgreSQL connection attempt 1/2 failed');
    expect(output).toContain('Could not connect to PostgreSQL after 2 attempts');
    expect(output).not.toContain('nothing@');
  }, 30_000);
});
