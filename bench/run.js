'use strict';

// `npm run bench`: each benchmark in a process of its own, one after the other, so neither
// measures while another loads the machine. BENCH_ONLY=http, auth or expenses runs one.

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const BENCHMARKS = {
  http: 'http-bench.js',
  auth: 'auth-bench.js',
  expenses: 'expenses-bench.js',
};

const only = process.env.BENCH_ONLY;
if (only && !(only in BENCHMARKS)) {
  process.stderr.write(`BENCH_ONLY must be one of ${Object.keys(BENCHMARKS).join(', ')}\n`);
  process.exit(2);
}

let ok = true;
for (const [name, file] of Object.entries(BENCHMARKS)) {
  if (only && only !== name) continue;
  // A Ctrl-C reaches the benchmark too (same process group); it stops its servers itself.
  const result = spawnSync(process.execPath, [path.join(__dirname, file)], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`${name} benchmark failed (${result.status ?? result.signal})\n`);
    ok = false;
  }
}
process.exit(ok ? 0 : 1);
