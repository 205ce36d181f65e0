import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance } from 'fastify';
import { createApp } from 'src/bootstrap';
import { EmbeddedPostgres } from 'src/platform/database/embedded-postgres';
import { AppLogger } from 'src/platform/logging/app-logger';
import { isAlive } from 'test/support/processes';
import { testConfig } from 'test/support/test-config';

/** Readiness against a PostgreSQL of its own that the test freezes and stops. */
describe('readiness when PostgreSQL fails', () => {
  let root: string;
  let postgres: EmbeddedPostgres;
  let app: NestFastifyApplication;
  let fastify: FastifyInstance;

  async function probe(): Promise<{
    status: number;
    elapsedMs: number;
    body: Record<string, unknown>;
  }> {
    const started = performance.now();
    const response = await fastify.inject({ method: 'GET', url: '/health/ready' });
    return {
      status: response.statusCode,
      elapsedMs: performance.now() - started,
      body: response.json<Record<string, unknown>>(),
    };
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ledgerline-readiness-'));
    await chmod(root, 0o755);
    postgres = new EmbeddedPostgres({
      dataDir: join(root, 'pg'),
      port: 0,
      persistent: false,
      log: () => undefined,
    });
    const url = await postgres.start();
    const config = testConfig();
    app = await createApp(config, url, { logger: new AppLogger(config) });
    await app.init();
    fastify = app.getHttpAdapter().getInstance();
    await fastify.ready();
  });

  afterAll(async () => {
    await app.close();
    await postgres.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('is ready while the database answers', async () => {
    expect((await probe()).status).toBe(200);
  });

  it('answers 503 quickly while PostgreSQL is frozen, and 200 once it thaws', async () => {
    signalServerAndBackends(postgres.pid!, 'SIGSTOP');
    try {
      const frozen = await probe();
      expect(frozen.status).toBe(503);
      expect(frozen.body).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
      expect(String(frozen.body.detail)).toContain('database (timeout)');
      // Every check is in the problem; migrations are not asked about a database that is down.
      expect(frozen.body.checks).toEqual({
        shutdown: { status: 'up' },
        database: { status: 'down', latencyMs: expect.any(Number) as number, detail: 'timeout' },
      });
      expect(frozen.elapsedMs).toBeLessThan(2000);
    } finally {
      signalServerAndBackends(postgres.pid!, 'SIGCONT');
    }
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = (await probe()).status;
      if (status !== 200) await sleep(100);
    }
    expect(status).toBe(200);
  });

  it('answers 503 once PostgreSQL is stopped', async () => {
    // Fast shutdown, as when the server is taken away from under the app.
    const pid = postgres.pid!;
    process.kill(pid, 'SIGINT');
    for (let waited = 0; isAlive(pid) && waited < 10_000; waited += 50) await sleep(50);
    const stopped = await probe();
    expect(stopped.status).toBe(503);
    expect(stopped.body.detail).toBe('Not ready: database (unreachable)');
    expect(JSON.stringify(stopped.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/i);
    expect(stopped.elapsedMs).toBeLessThan(2000);
  }, 20_000);
});

/** Backends put themselves in sessions of their own, so a process-group signal misses them. */
function signalServerAndBackends(pid: number, signal: NodeJS.Signals): void {
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)])
    .toString()
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);
  for (const target of [pid, ...children]) process.kill(target, signal);
}
