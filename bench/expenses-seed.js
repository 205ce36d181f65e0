'use strict';

// The data of bench/expenses-bench.js: 1,000,000 expenses of 1,000 users, one of whom (the
// heavy user) has 100,000, written straight into PostgreSQL by a few INSERT … SELECT statements
// over generate_series. Deterministic: the same seed draws the same rows every run.

const path = require('node:path');
const argon2 = require('argon2');

const ROOT = path.resolve(__dirname, '..');
const { DEFAULT_CATEGORIES } = require(
  path.join(ROOT, 'dist/src/modules/expenses/categories/default-categories.js'),
);

const USERS = 1_000;
const EXPENSES = 1_000_000;
/** Every tenth expense is the heavy user's: 100,000 of them. */
const HEAVY_EVERY = 10;
/** Six years of expenses, 2020-01-01 … 2025-12-31, written in date order as they would be. */
const FIRST_DAY = '2020-01-01';
const DAYS = 2_192;

const PASSWORD = 'bench-heavy-user-orchid-lantern';
const HEAVY_EMAIL = 'heavy@bench.ledgerline.local';

/**
 * Sub-categories every bench user has, by the default category they belong to: expenses are
 * spread over these and the fifteen defaults alike.
 */
const SUB_CATEGORIES = [
  ['groceries', 'Supermarket'],
  ['groceries', 'Market'],
  ['groceries', 'Bakery'],
  ['dining', 'Coffee'],
  ['dining', 'Restaurants'],
  ['vehicle', 'Fuel'],
  ['vehicle', 'Parking'],
  ['transport', 'Public transport'],
  ['utilities', 'Electricity'],
  ['utilities', 'Internet'],
];
const CATEGORY_COUNT = DEFAULT_CATEGORIES.length + SUB_CATEGORIES.length;

const TAGS = [
  [],
  [],
  [],
  ['work'],
  ['coffee'],
  ['weekend'],
  ['family'],
  ['travel'],
  ['holiday', 'travel'],
  ['work', 'travel'],
  ['groceries'],
  ['subscription'],
  ['kids', 'family'],
  ['health'],
  ['gift'],
  ['online'],
  ['cash'],
  ['car'],
  ['car', 'work'],
  ['date night', 'weekend'],
];
const PAYEES = [
  'Albert Heijn',
  'Aldi',
  'Lidl',
  'Carrefour',
  'Tesco',
  'Monoprix',
  'Rewe',
  'Edeka',
  'Blue Bottle Coffee',
  'Starbucks',
  'Costa Coffee',
  'Pret A Manger',
  'Le Petit Bistro',
  'Pizzeria Napoli',
  'Sushi Bar Kyoto',
  'Burger Joint',
  'Shell',
  'BP',
  'Total Energies',
  'Esso',
  'City Parking',
  'Deutsche Bahn',
  'SNCF',
  'Uber',
  'Bolt',
  'Vattenfall',
  'EDF',
  'Vodafone',
  'Netflix',
  'Spotify',
  'Amazon',
  'Zalando',
  'IKEA',
  'Decathlon',
  'MediaMarkt',
  'Apotheke',
  'Dr. Smit',
  'Booking.com',
  'Airbnb',
  'KLM',
];

/** v4-shaped uuids derived from a label, so users and categories need no lookups. */
const UUID_FUNCTION = `
  CREATE FUNCTION pg_temp.bench_uuid(label text) RETURNS uuid LANGUAGE sql IMMUTABLE AS
  $$ SELECT overlay(overlay(md5(label) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`;

async function seed(client) {
  const passwordHash = await argon2.hash(PASSWORD, {
    type: argon2.argon2id,
    // The app's defaults, so logging in does not re-hash.
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  const timings = [];
  const step = async (name, sqlOrWork, params = []) => {
    const started = performance.now();
    if (typeof sqlOrWork === 'function') await sqlOrWork();
    else await client.query(sqlOrWork, params);
    timings.push([name, performance.now() - started]);
    process.stderr.write(`  ${name}: ${seconds(performance.now() - started)}\n`);
  };
  await client.query(UUID_FUNCTION);
  await client.query('SELECT setseed(0.42)');

  await step(
    `${USERS} users`,
    `INSERT INTO users (id, email, display_name, password_hash, status, email_verified_at,
       base_currency)
     SELECT pg_temp.bench_uuid('user-' || n),
       CASE WHEN n = 0 THEN $2 ELSE 'user' || n || '@bench.ledgerline.local' END,
       'Bench user ' || n, $1, 'active', now(), 'EUR'
     FROM generate_series(0, ${USERS - 1}) AS n`,
    [passwordHash, HEAVY_EMAIL],
  );
  await step(`${USERS * CATEGORY_COUNT} categories`, async () => {
    await client.query(
      `INSERT INTO expense_categories (id, user_id, name, default_key)
       SELECT pg_temp.bench_uuid('category-' || n || '-' || (d.position - 1)),
         pg_temp.bench_uuid('user-' || n), d.name, d.key
       FROM generate_series(0, ${USERS - 1}) AS n
       CROSS JOIN unnest($1::varchar[], $2::varchar[]) WITH ORDINALITY AS d(key, name, position)`,
      [DEFAULT_CATEGORIES.map((c) => c.key), DEFAULT_CATEGORIES.map((c) => c.name)],
    );
    await client.query(
      `INSERT INTO expense_categories (id, user_id, parent_id, name)
       SELECT
         pg_temp.bench_uuid('category-' || n || '-' || (${DEFAULT_CATEGORIES.length} + s.position - 1)),
         pg_temp.bench_uuid('user-' || n),
         pg_temp.bench_uuid('category-' || n || '-' || (array_position($1::varchar[], s.parent) - 1)),
         s.name
       FROM generate_series(0, ${USERS - 1}) AS n
       CROSS JOIN unnest($2::varchar[], $3::varchar[]) WITH ORDINALITY AS s(parent, name, position)`,
      [
        DEFAULT_CATEGORIES.map((c) => c.key),
        SUB_CATEGORIES.map(([parent]) => parent),
        SUB_CATEGORIES.map(([, name]) => name),
      ],
    );
  });

  // One statement, in date order (users interleaved, as they would be written over the years),
  // every choice drawn per row: EUR 70 %, USD 15 %, GBP 10 %, JPY 5 %; three in a thousand
  // foreign expenses wait for a rate (no base amount).
  await step(
    `${EXPENSES.toLocaleString('en')} expenses`,
    `WITH draws AS (
       SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
         random() AS r5, random() AS r6,
         CASE WHEN i % ${HEAVY_EVERY} = 0 THEN 0 ELSE 1 + (i::bigint * 7919) % ${USERS - 1} END AS user_no
       FROM generate_series(0, ${EXPENSES - 1}) AS i
     ),
     priced AS (
       SELECT d.*, $3::date + (i::bigint * ${DAYS} / ${EXPENSES})::int AS spent_on,
         c.currency,
         CASE WHEN c.currency = 'JPY' THEN round((100 + r2 * 29900)::numeric)
           ELSE round((1 + r2 * 199)::numeric, 2) END AS amount,
         CASE c.currency WHEN 'EUR' THEN 1 WHEN 'USD' THEN 0.92 WHEN 'GBP' THEN 1.17
           ELSE 0.0062 END AS rate,
         c.currency <> 'EUR' AND r3 < 0.003 AS missing
       FROM draws d
       CROSS JOIN LATERAL (
         SELECT CASE WHEN r1 < 0.70 THEN 'EUR' WHEN r1 < 0.85 THEN 'USD' WHEN r1 < 0.95 THEN 'GBP'
           ELSE 'JPY' END AS currency
       ) c
     )
     INSERT INTO expenses (user_id, category_id, spent_on, amount, currency, base_currency,
       base_amount, fx_rate, fx_rate_date, fx_source, fx_missing_reason, fx_missing_detail,
       payee, note, tags, version, created_at, updated_at)
     SELECT pg_temp.bench_uuid('user-' || user_no),
       pg_temp.bench_uuid('category-' || user_no || '-' || floor(r4 * ${CATEGORY_COUNT})::int),
       spent_on, amount, currency, 'EUR',
       CASE WHEN NOT missing THEN round(amount * rate, 2) END,
       CASE WHEN NOT missing THEN rate END,
       CASE WHEN NOT missing THEN spent_on END,
       CASE WHEN missing THEN NULL WHEN currency = 'EUR' THEN 'IDENTITY' ELSE 'ECB' END,
       CASE WHEN missing THEN 'no-rate' END,
       CASE WHEN missing THEN 'No ' || currency || ' rate published on or before ' || spent_on END,
       ($2::varchar[])[1 + floor(r6 * array_length($2::varchar[], 1))::int],
       CASE WHEN i % 4 = 0 THEN 'receipt ' || i % 1000 END,
       string_to_array(($1::text[])[1 + floor(r5 * array_length($1::text[], 1))::int], ','),
       1,
       spent_on + make_interval(secs => i % 86400),
       spent_on + make_interval(secs => i % 86400)
     FROM priced`,
    [TAGS.map((tags) => tags.join(',')), PAYEES, FIRST_DAY],
  );
  // What autovacuum does after a bulk load: statistics for the planner, and the visibility map
  // that lets index-only scans skip the heap.
  await step('VACUUM ANALYZE', 'VACUUM (ANALYZE) expenses, expense_categories, users');
  return timings;
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

module.exports = {
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
};
