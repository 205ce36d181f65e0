'use strict';

// Expenses benchmark: the built app on its own PostgreSQL seeded with 1,000,000 expenses of
// 1,000 users (100,000 of them for one heavy user), measured as the heavy user. Latencies are
// taken from sequential requests (concurrency 1: what one user waits for, not a queue), after
// a discarded warm-up. Run with `npm run bench` (builds first) or, after a build,
// `node bench/expenses-bench.js`. BENCH_SAMPLES scales the number of measured requests;
// BENCH_EXPLAIN=1 also prints EXPLAIN (ANALYZE, BUFFERS) of the measured queries, taken from the
// repositories themselves.

const { chmod, mkdtemp, rm } = require('node:fs/promises');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { ROOT, HOST, freePort, startNode, waitFor200, runBenchmark } = require('./bench-processes');
const {
  seed,
  seconds,
  USERS,
  EXPENSES,
  HEAVY_EVERY,
  FIRST_DAY,
  PASSWORD,
  HEAVY_EMAIL,
  PAYEES,
  DEFAULT_CATEGORIES,
} = require('./expenses-seed');

const { EmbeddedPostgres } = require(
  path.join(ROOT, 'dist/src/platform/database/embedded-postgres.js'),
);
const dist = (file) => require(path.join(ROOT, 'dist/src/modules/expenses', file));

const YEAR = { from: '2025-01-01', to: '2025-12-31' };
const PAGE_SIZE = 20;
const DEEP_PAGES = 500;
const IMPORT_ROWS = 50_000;
const READY_TIMEOUT_MS = 120_000;
const SAMPLES = Number(process.env.BENCH_SAMPLES || 1);
const BENCH_EXPLAIN = process.env.BENCH_EXPLAIN === '1';
if (!Number.isFinite(SAMPLES) || SAMPLES <= 0) throw new Error('BENCH_SAMPLES must be positive');

const GOALS = { listP95Ms: 30, summaryP95Ms: 150, importMs: 10_000 };

let tempDir;
let postgres;

/**
 * One keep-alive connection for every request, closed at the end: a connection the app still
 * holds open (such as one whose large body it refused unread) would stall its graceful shutdown.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(method, url, headers = {}, body = undefined) {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method, headers, agent }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: text }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function login(baseUrl, email) {
  const response = await request(
    'POST',
    `${baseUrl}/api/v1/auth/login`,
    { 'content-type': 'application/json' },
    JSON.stringify({ email, password: PASSWORD }),
  );
  if (response.status !== 200) throw new Error(`login: ${response.status} ${response.body}`);
  return { authorization: `Bearer ${JSON.parse(response.body).accessToken}` };
}

async function getJson(url, headers) {
  const response = await request('GET', url, headers);
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${response.body}`);
  return JSON.parse(response.body);
}

/** p-th percentile, nearest rank. */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Sequential requests: `warmup` discarded, then `count` timed from send to the last byte. */
async function measure(name, url, headers, count, warmup) {
  process.stderr.write(`measuring ${name} (${warmup} warm-up + ${count} requests)...\n`);
  for (let i = 0; i < warmup; i += 1) await getJson(url, headers);
  const durations = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await getJson(url, headers);
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return { name, count, p50: percentile(durations, 50), p95: percentile(durations, 95) };
}

/** The CSV import, committed in one call (the dry run is the default, so it is turned off). */
const IMPORT = {
  path:
    '/api/v1/expense-imports?dryRun=false&dateColumn=date&amountColumn=amount' +
    '&currencyColumn=currency&categoryColumn=category&payeeColumn=payee&noteColumn=note',
  contentType: 'text/csv',
};

function importCsv(rows) {
  const lines = ['date,amount,currency,category,payee,note,tags'];
  for (let i = 0; i < rows; i += 1) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String(((i >> 5) % 12) + 1).padStart(2, '0');
    const cents = String(i % 100).padStart(2, '0');
    const category = DEFAULT_CATEGORIES[i % DEFAULT_CATEGORIES.length].name;
    lines.push(
      `2024-${month}-${day},${(i % 250) + 1}.${cents},EUR,${category},${PAYEES[i % PAYEES.length]},import row ${i},bench`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function measureImport(baseUrl, headers) {
  const body = importCsv(IMPORT_ROWS);
  const started = performance.now();
  const response = await request(
    'POST',
    `${baseUrl}${IMPORT.path}`,
    { ...headers, 'content-type': IMPORT.contentType },
    body,
  );
  const elapsed = performance.now() - started;
  if (response.status >= 300) {
    process.stderr.write(`import: ${response.status} ${response.body.slice(0, 500)}\n`);
    return { failed: response.status };
  }
  const created = JSON.parse(response.body).import?.created;
  process.stderr.write(`import: ${created} expenses created in ${Math.round(elapsed)} ms\n`);
  return { ms: elapsed };
}

/**
 * The SQL a repository call sends, caught by a stand-in EntityManager, then run under EXPLAIN
 * on the seeded database.
 */
async function explain(client, label, call) {
  const statements = [];
  await call({
    query: async (sql, params) => {
      statements.push([sql, params]);
      return [];
    },
  });
  for (const [sql, params] of statements) {
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    console.log(`\n${label}\n\n${rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n')}`);
  }
}

async function explainMeasured(databaseUrl, { groceries, cursor }) {
  const { ExpensesRepository } = dist('expenses.repository.js');
  const { SummariesRepository } = dist('summaries/summaries.repository.js');
  const { decodeExpenseCursor } = dist('expense-cursor.js');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [{ id: userId, base_currency: baseCurrency }] = (
      await client.query('SELECT id, base_currency FROM users WHERE email = $1', [HEAVY_EMAIL])
    ).rows;
    const categoryIds = (
      await client.query('SELECT id FROM expense_categories WHERE id = $1 OR parent_id = $1', [
        groceries,
      ])
    ).rows.map((row) => row.id);
    const sort = { field: 'date', direction: 'desc' };
    const expenses = new ExpensesRepository(undefined);
    await explain(client, 'First page of the filtered list', (manager) =>
      expenses.list(userId, { ...YEAR, categoryIds }, sort, PAGE_SIZE + 1, undefined, manager),
    );
    await explain(client, `Page ${DEEP_PAGES + 1} by cursor`, (manager) =>
      expenses.list(userId, {}, sort, PAGE_SIZE + 1, decodeExpenseCursor(cursor, sort), manager),
    );
    await explain(client, 'Yearly summary by category', (manager) =>
      new SummariesRepository(undefined).summarise(
        userId,
        baseCurrency,
        {
          groupBy: 'category',
          period: YEAR,
          previous: { from: '2024-01-01', to: '2024-12-31' },
          filter: {},
          limit: 100,
        },
        manager,
      ),
    );
  } finally {
    await client.end();
  }
}

const fixed = (ms) => ms.toFixed(1);

async function main() {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'ledgerline-expenses-bench-'));
  // mkdtemp makes the folder 0700; as root PostgreSQL runs as an unprivileged user that must
  // reach the data folder inside it.
  await chmod(tempDir, 0o755);
  postgres = new EmbeddedPostgres({
    dataDir: path.join(tempDir, 'postgres'),
    port: 0,
    persistent: false,
    log: () => undefined,
  });
  const databaseUrl = await postgres.start();

  const port = await freePort();
  const app = startNode('app', [path.join(ROOT, 'dist/src/main.js')], {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    HOST,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    RATE_LIMIT_ENABLED: 'false',
    // No FX refresh or other job touching the seeded rows while they are measured.
    JOBS_WORKERS: 'false',
  });
  const baseUrl = `http://${HOST}:${port}`;
  await waitFor200(`${baseUrl}/health/ready`, app, READY_TIMEOUT_MS);

  process.stderr.write('seeding...\n');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const seedStarted = performance.now();
  let seedTimings;
  try {
    seedTimings = await seed(client);
  } finally {
    await client.end();
  }
  const seedMs = performance.now() - seedStarted;

  const headers = await login(baseUrl, HEAVY_EMAIL);
  const categories = await getJson(`${baseUrl}/api/v1/expense-categories?limit=100`, headers);
  const groceries = categories.data.find((category) => category.defaultKey === 'groceries').id;

  const filtered =
    `${baseUrl}/api/v1/expenses?from=${YEAR.from}&to=${YEAR.to}` +
    `&categoryId=${groceries}&limit=${PAGE_SIZE}`;
  const walkStarted = performance.now();
  let cursor = null;
  for (let page = 0; page < DEEP_PAGES; page += 1) {
    const url = `${baseUrl}/api/v1/expenses?limit=${PAGE_SIZE}${cursor ? `&cursor=${cursor}` : ''}`;
    cursor = (await getJson(url, headers)).nextCursor;
    if (!cursor) throw new Error(`the list ended after ${page + 1} pages`);
  }
  const walkMs = performance.now() - walkStarted;
  const deep = `${baseUrl}/api/v1/expenses?limit=${PAGE_SIZE}&cursor=${cursor}`;
  const summary = (groupBy) =>
    `${baseUrl}/api/v1/expenses/summary?from=${YEAR.from}&to=${YEAR.to}&groupBy=${groupBy}`;

  const lists = Math.round(300 * SAMPLES);
  const summaries = Math.round(60 * SAMPLES);
  const goals = [
    {
      ...(await measure(
        'first page of a filtered list (2025, groceries + 3 sub-categories, 20 rows)',
        filtered,
        headers,
        lists,
        30,
      )),
      goal: GOALS.listP95Ms,
    },
    {
      ...(await measure(
        `page ${DEEP_PAGES + 1} of the whole list by cursor (20 rows)`,
        deep,
        headers,
        lists,
        30,
      )),
      goal: GOALS.listP95Ms,
    },
    {
      ...(await measure(
        'yearly summary by category (2025 beside 2024)',
        summary('category'),
        headers,
        summaries,
        5,
      )),
      goal: GOALS.summaryP95Ms,
    },
  ];
  const others = [];
  for (const groupBy of ['subcategory', 'month', 'tag', 'payee']) {
    others.push(
      await measure(`yearly summary by ${groupBy}`, summary(groupBy), headers, summaries, 5),
    );
  }

  // What was measured, so that a fast answer cannot be an empty one.
  const firstPage = await getJson(filtered, headers);
  const deepPage = await getJson(deep, headers);
  const yearly = await getJson(summary('category'), headers);
  if (BENCH_EXPLAIN) await explainMeasured(databaseUrl, { groceries, cursor });

  process.stderr.write(`importing ${IMPORT_ROWS.toLocaleString('en')} rows...\n`);
  const imported = await measureImport(baseUrl, await login(baseUrl, HEAVY_EMAIL));

  const heavyRows = EXPENSES / HEAVY_EVERY;
  console.log(
    `\n${EXPENSES.toLocaleString('en')} expenses of ${USERS.toLocaleString('en')} users ` +
      `(${heavyRows.toLocaleString('en')} for the heavy user, ${FIRST_DAY} … 2025-12-31), ` +
      `seeded in ${seconds(seedMs)} (${seedTimings.map(([name, ms]) => `${name} ${seconds(ms)}`).join(', ')}).`,
  );
  console.log(
    `Measured as the heavy user with a bearer token, sequential requests (concurrency 1) after ` +
      `a warm-up; walking ${DEEP_PAGES} pages to the deep cursor took ${seconds(walkMs)}. ` +
      `The pages hold ${firstPage.data.length} and ${deepPage.data.length} rows; the yearly ` +
      `summary adds ${yearly.count} expenses of 2025 and ${yearly.previousCount} of 2024 in ` +
      `${yearly.groupCount} categories (${yearly.unconverted.count} without a rate left out).\n`,
  );
  console.log('| measurement | requests | p50 ms | p95 ms | goal | met |');
  console.log('|---|---:|---:|---:|---|---|');
  for (const row of goals) {
    const met = row.p95 < row.goal ? 'yes' : '**no**';
    console.log(
      `| ${row.name} | ${row.count} | ${fixed(row.p50)} | ${fixed(row.p95)} | p95 < ${row.goal} ms | ${met} |`,
    );
  }
  const importCell = imported.failed
    ? `| – | – | < 10 s | **failed** (HTTP ${imported.failed}) |`
    : `| ${seconds(imported.ms)} | – | < 10 s | ${imported.ms < GOALS.importMs ? 'yes' : '**no**'} |`;
  console.log(`| CSV import of ${IMPORT_ROWS.toLocaleString('en')} rows | 1 ${importCell}`);
  for (const row of others) {
    console.log(`| ${row.name} | ${row.count} | ${fixed(row.p50)} | ${fixed(row.p95)} | – | – |`);
  }
}

runBenchmark(main, {
  beforeStop: async () => agent.destroy(),
  afterStop: async () => {
    if (postgres) await postgres.stop();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  },
});
