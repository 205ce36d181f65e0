'use strict';

// HTTP benchmark: the built app against a bare Fastify server on the same machine, so the
// numbers say what our stack costs rather than how fast this particular machine is.
// Run with `npm run bench` (builds first). BENCH_DURATION_S shortens or lengthens the
// measured runs, BENCH_WARMUP_S the discarded warm-up runs, BENCH_ROUNDS sets how often the
// two /health/live targets are measured in alternation.

const { chmod, mkdtemp, readFile, rm } = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const {
  ROOT,
  HOST,
  freePort,
  startNode,
  waitFor200,
  runBenchmark,
  stopOrphanedPostgres,
} = require('./bench-processes');

const CONNECTIONS = 50;
const DURATION_S = positiveNumberFromEnv('BENCH_DURATION_S', 10);
const WARMUP_S = positiveNumberFromEnv('BENCH_WARMUP_S', 3);
const ROUNDS = Math.round(positiveNumberFromEnv('BENCH_ROUNDS', 2));
const READY_TIMEOUT_MS = 60_000;

let tempDir;

function positiveNumberFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

/** One target: a warm-up run (JIT, connection pools, caches) thrown away, then the measured run. */
async function measure(url, pid) {
  const options = { url, connections: CONNECTIONS, pipelining: 1 };
  await autocannon({ ...options, duration: WARMUP_S });
  const cpuBefore = await cpuSeconds(pid);
  const result = await autocannon({ ...options, duration: DURATION_S });
  const cpu = (await cpuSeconds(pid)) - cpuBefore;
  // Fast errors or 503s would make the req/s look great while meaning nothing.
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuUs: (cpu * 1e6) / result.requests.total,
  };
}

/**
 * User + system CPU time of a process so far. Per request it varies far less with the rest
 * of the machine's load than req/s does (Linux counts in 1/100 s).
 */
async function cpuSeconds(pid) {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function rssMb(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  return Math.round(kb / 1024);
}

async function main() {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'ledgerline-bench-'));
  // mkdtemp makes the folder 0700; as root PostgreSQL runs as an unprivileged user that
  // must be able to reach the data folder inside it.
  await chmod(tempDir, 0o755);

  // Started one after the other so the app's start-up time is not skewed by the baseline's,
  // and so the app's port cannot collide with the baseline's (already bound by then).
  const barePort = await freePort();
  const bare = startNode('bare fastify', [path.join(__dirname, 'bare-fastify.js')], {
    HOST,
    PORT: String(barePort),
  });
  const bareUrl = `http://${HOST}:${barePort}`;
  await waitFor200(`${bareUrl}/health/live`, bare, READY_TIMEOUT_MS);

  const appPort = await freePort();
  const startedAt = performance.now();
  const app = startNode('app', [path.join(ROOT, 'dist/src/main.js')], {
    // production would demand real secrets; test changes nothing on the request path.
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    HOST,
    PORT: String(appPort),
    EMBEDDED_PG_DATA_DIR: path.join(tempDir, 'postgres'),
    DATABASE_URL: '',
  });
  const appUrl = `http://${HOST}:${appPort}`;
  await waitFor200(`${appUrl}/health/ready`, app, READY_TIMEOUT_MS);
  const readyMs = Math.round(performance.now() - startedAt);

  // The comparison is only fair if both serve the same bytes.
  const [bareBody, appBody] = await Promise.all(
    [bareUrl, appUrl].map((url) =>
      fetch(`${url}/health/live`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.text()),
    ),
  );
  if (bareBody !== appBody) throw new Error(`live bodies differ: ${bareBody} vs ${appBody}`);

  // Other work on a shared machine comes and goes: bare Fastify and the app's /health/live
  // are measured in alternation, BENCH_ROUNDS times, and averaged, so that a busy spell does
  // not land on one side of the ratio only.
  const alternating = [
    ['bare fastify GET /health/live', `${bareUrl}/health/live`, bare.pid],
    ['app GET /health/live', `${appUrl}/health/live`, app.pid],
  ];
  // The API has no JSON route that needs no authentication yet; GET /health is the largest
  // JSON body the app serves without one (three database round trips, like readiness).
  const once = [
    ['app GET /health/ready (database)', `${appUrl}/health/ready`, app.pid],
    ['app GET /health (JSON status, database)', `${appUrl}/health`, app.pid],
  ];
  const samples = new Map();
  const run = async (name, url, pid) => {
    process.stderr.write(`measuring ${name} (${WARMUP_S} s warm-up + ${DURATION_S} s)...\n`);
    samples.set(name, [...(samples.get(name) ?? []), await measure(url, pid)]);
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const target of alternating) await run(...target);
  }
  for (const target of once) await run(...target);
  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const rows = [...samples].map(([name, runs]) => ({
    name,
    rps: mean(runs.map((r) => r.rps)),
    p50: mean(runs.map((r) => r.p50)),
    p99: mean(runs.map((r) => r.p99)),
    cpuUs: mean(runs.map((r) => r.cpuUs)),
  }));
  const appRss = await rssMb(app.pid);

  const baseline = rows[0].rps;
  const ms = (value) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
  console.log(
    `\n${CONNECTIONS} connections, pipelining 1, ${DURATION_S} s per run; ` +
      `/health/live rows are means of ${ROUNDS} alternating runs\n`,
  );
  console.log('| target | req/s | p50 ms | p99 ms | vs bare fastify | server CPU µs/req |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const ratio = (row.rps / baseline).toFixed(2);
    console.log(
      `| ${row.name} | ${Math.round(row.rps)} | ${ms(row.p50)} | ${ms(row.p99)} | ${ratio}x | ` +
        `${row.cpuUs.toFixed(1)} |`,
    );
  }
  console.log(
    `\napp start-to-ready: ${readyMs} ms (fresh data folder, includes initdb); ` +
      `app RSS after load: ${appRss} MB; CPU and RSS are the Node process's only, not PostgreSQL's`,
  );
}

runBenchmark(main, {
  afterStop: async () => {
    if (!tempDir) return;
    await stopOrphanedPostgres(path.join(tempDir, 'postgres'));
    await rm(tempDir, { recursive: true, force: true });
  },
});
