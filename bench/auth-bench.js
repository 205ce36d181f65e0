'use strict';

// Identity benchmark (`npm run bench`, or BENCH_ONLY=auth): the built app with the default
// argon2id parameters (19 MiB, t=2, p=1) on a fresh embedded PostgreSQL. It prints
// - logins/s and login latency when logins run flat out;
// - GET /api/v1/me (JWT, session check, profile read) alone, then while logins run flat out
//   beside it: hashing runs on libuv's thread pool, so the event loop keeps serving;
// - the median time of a failed login for a known and for an unknown email over many tries,
//   interleaved: the two must not be told apart.
// Rate limits are raised rather than switched off, so the limiter stays on the request path.

const { chmod, mkdtemp, rm } = require('node:fs/promises');
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

const DURATION_S = Number(process.env.BENCH_DURATION_S || 10);
const LOGIN_CONNECTIONS = 8;
const READ_CONNECTIONS = 10;
const TIMING_TRIES = Number(process.env.BENCH_TIMING_TRIES || 250);
const KNOWN_ACCOUNTS = 5;
const UNLIMITED = '1000000/1m';

let tempDir;

async function post(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.text() };
}

async function register(baseUrl, email, password) {
  const response = await post(`${baseUrl}/api/v1/auth/register`, {
    email,
    password,
    displayName: 'Bench',
  });
  if (response.status !== 202)
    throw new Error(`register ${email}: ${response.status} ${response.body}`);
}

async function accessToken(baseUrl, email, password) {
  const response = await post(`${baseUrl}/api/v1/auth/login`, { email, password });
  if (response.status !== 200) throw new Error(`login: ${response.status} ${response.body}`);
  return JSON.parse(response.body).accessToken;
}

function cannon(options) {
  return autocannon({ pipelining: 1, duration: DURATION_S, ...options });
}

function summary(result) {
  if (result.errors > 0) throw new Error(`${result.errors} connection errors`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Successful logins one after the other: what one user waits for. Milliseconds per login. */
async function sequentialLogins(baseUrl, email, password, count) {
  const times = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await accessToken(baseUrl, email, password);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    p50: median(times),
    p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))],
  };
}

/** Failed logins, known and unknown email interleaved; milliseconds per try. */
async function loginTimings(baseUrl, knownEmails) {
  const known = [];
  const unknown = [];
  const attempt = async (email) => {
    const started = performance.now();
    const response = await post(`${baseUrl}/api/v1/auth/login`, {
      email,
      password: 'not-the-password-1',
    });
    const elapsed = performance.now() - started;
    if (response.status !== 401) throw new Error(`expected 401, got ${response.status}`);
    return elapsed;
  };
  for (let i = 0; i < TIMING_TRIES; i += 1) {
    // Spread over several accounts, so none reaches the lockout threshold.
    known.push(await attempt(knownEmails[i % knownEmails.length]));
    unknown.push(await attempt(`nobody-${i}@example.org`));
  }
  return { known: median(known), unknown: median(unknown) };
}

async function main() {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'ledgerline-auth-bench-'));
  await chmod(tempDir, 0o755);
  const port = await freePort();
  const app = startNode('app', [path.join(ROOT, 'dist/src/main.js')], {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    HOST,
    PORT: String(port),
    EMBEDDED_PG_DATA_DIR: path.join(tempDir, 'postgres'),
    MAIL_OUTBOX_DIR: path.join(tempDir, 'outbox'),
    DATABASE_URL: '',
    RATE_LIMIT_LOGIN: UNLIMITED,
    RATE_LIMIT_REGISTER: UNLIMITED,
    RATE_LIMIT_AUTHENTICATED: UNLIMITED,
    LOGIN_LOCKOUT_THRESHOLD: '100',
  });
  const baseUrl = `http://${HOST}:${port}`;
  await waitFor200(`${baseUrl}/health/ready`, app, 60_000);

  const password = 'a bench passphrase of some length';
  const emails = Array.from({ length: KNOWN_ACCOUNTS }, (_, i) => `bench-${i}@example.org`);
  for (const email of emails) await register(baseUrl, email, password);
  const token = await accessToken(baseUrl, emails[0], password);
  const me = { url: `${baseUrl}/api/v1/me`, headers: { authorization: `Bearer ${token}` } };
  const loginRequest = {
    url: `${baseUrl}/api/v1/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: emails[1], password }),
  };

  process.stderr.write('warming up...\n');
  await cannon({ ...me, connections: READ_CONNECTIONS, duration: 3 });
  await cannon({ ...loginRequest, connections: LOGIN_CONNECTIONS, duration: 3 });

  process.stderr.write(`GET /api/v1/me alone (${DURATION_S} s)...\n`);
  const alone = summary(await cannon({ ...me, connections: READ_CONNECTIONS }));
  process.stderr.write(`logins flat out (${DURATION_S} s)...\n`);
  const logins = summary(await cannon({ ...loginRequest, connections: LOGIN_CONNECTIONS }));
  process.stderr.write(`GET /api/v1/me while logins run flat out (${DURATION_S} s)...\n`);
  const [busy, loginsBeside] = await Promise.all([
    cannon({ ...me, connections: READ_CONNECTIONS }).then(summary),
    cannon({ ...loginRequest, connections: LOGIN_CONNECTIONS }).then(summary),
  ]);
  process.stderr.write('100 logins one after the other...\n');
  const single = await sequentialLogins(baseUrl, emails[1], password, 100);
  process.stderr.write(`${TIMING_TRIES} failed logins each for known and unknown emails...\n`);
  const timing = await loginTimings(baseUrl, emails.slice(1));

  const ms = (value) => value.toFixed(1);
  console.log(
    `\nIdentity: argon2id m=19456 KiB, t=2, p=1; ${DURATION_S} s per run, ${os.cpus().length} cores\n`,
  );
  console.log('| measurement | req/s | p50 ms | p99 ms | non-2xx |');
  console.log('|---|---:|---:|---:|---:|');
  const row = (name, r) =>
    console.log(`| ${name} | ${r.rps.toFixed(1)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.non2xx} |`);
  row(`POST /auth/login flat out (${LOGIN_CONNECTIONS} connections)`, logins);
  row(`GET /me alone (${READ_CONNECTIONS} connections)`, alone);
  row(`GET /me while logins run flat out`, busy);
  row(`  POST /auth/login beside it`, loginsBeside);
  console.log(
    `\none login at a time (100 in a row): p50 ${ms(single.p50)} ms, p99 ${ms(single.p99)} ms`,
  );
  const difference = timing.known - timing.unknown;
  console.log(
    `failed login, median of ${TIMING_TRIES} tries each: known email ${ms(timing.known)} ms, ` +
      `unknown email ${ms(timing.unknown)} ms (difference ${ms(difference)} ms, ` +
      `${((difference / timing.unknown) * 100).toFixed(1)} %)`,
  );
}

runBenchmark(main, {
  afterStop: async () => {
    if (!tempDir) return;
    await stopOrphanedPostgres(path.join(tempDir, 'postgres'));
    await rm(tempDir, { recursive: true, force: true });
  },
});
