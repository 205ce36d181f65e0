'use strict';

// Child processes of a benchmark: start them, wait for them, and stop every one of them however
// the benchmark ends (normally, on an error, on Ctrl-C), so no server outlives it.

const { spawn } = require('node:child_process');
const { readFile } = require('node:fs/promises');
const { createServer } = require('node:net');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');

const ROOT = path.resolve(__dirname, '..');
const HOST = '127.0.0.1';
// The app drains for up to SHUTDOWN_TIMEOUT_MS (10 s by default) before it exits.
const STOP_TIMEOUT_MS = 20_000;

const children = [];

/** A port that was free a moment ago; good enough on loopback for a local benchmark. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function startNode(name, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // Shared stdout/stderr, so start-up failures and warnings show as they happen.
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.name = name;
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
  children.push(child);
  return child;
}

const isRunning = (child) => child.exitCode === null && child.signalCode === null;

/** Polls until `url` answers 200; fails early if the child dies, since it never will then. */
async function waitFor200(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(child)) throw new Error(`${child.name} exited before ${url} answered 200`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL if it will not go; resolves with whether it exited cleanly. */
async function stop(child) {
  if (!isRunning(child)) return true;
  child.kill('SIGTERM');
  const outcome = await Promise.race([child.exited, sleep(STOP_TIMEOUT_MS).then(() => null)]);
  if (!outcome) {
    process.stderr.write(`${child.name} ignored SIGTERM for ${STOP_TIMEOUT_MS} ms; killing it\n`);
    child.kill('SIGKILL');
    await Promise.race([child.exited, sleep(5_000)]);
    return false;
  }
  // Exit code 0 after SIGTERM is part of the app's contract.
  return outcome.code === 0;
}

/**
 * Runs `main`, then stops the children (newest first) between `beforeStop` and `afterStop`, and
 * exits 0 only when all of it went well. Ctrl-C and SIGTERM take the same way out.
 */
function runBenchmark(
  main,
  { beforeStop = async () => undefined, afterStop = async () => undefined } = {},
) {
  let cleanupPromise;
  const tidy = () => {
    cleanupPromise ??= (async () => {
      await beforeStop();
      let ok = true;
      for (const child of [...children].reverse()) {
        if (!(await stop(child))) {
          process.stderr.write(`${child.name} did not stop cleanly\n`);
          ok = false;
        }
      }
      await afterStop();
      return ok;
    })();
    return cleanupPromise;
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      process.stderr.write(`${signal} received, stopping servers\n`);
      tidy().finally(() => process.exit(130));
    });
  }
  process.on('exit', () => children.filter(isRunning).forEach((child) => child.kill('SIGTERM')));

  (async () => {
    let ok = true;
    try {
      await main();
    } catch (error) {
      ok = false;
      process.stderr.write(`benchmark failed: ${error.stack ?? error}\n`);
    }
    try {
      ok = (await tidy()) && ok;
    } catch (error) {
      ok = false;
      process.stderr.write(`cleanup failed: ${error.stack ?? error}\n`);
    }
    process.exit(ok ? 0 : 1);
  })();
}

/**
 * An app that had to be killed could not stop its embedded PostgreSQL (its own process group):
 * stop it here, so no server outlives the benchmark.
 */
async function stopOrphanedPostgres(dataDir) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!pid) return;
  try {
    process.kill(pid, 'SIGINT'); // PostgreSQL's "fast" shutdown
    for (let i = 0; i < 50; i += 1) {
      process.kill(pid, 0); // throws once the process is gone
      await sleep(100);
    }
  } catch {
    // Gone (or never there).
  }
}

module.exports = {
  ROOT,
  HOST,
  freePort,
  startNode,
  waitFor200,
  runBenchmark,
  stopOrphanedPostgres,
};
