import { randomInt } from 'node:crypto';

/**
 * How much to fuzz, from the environment, so that a failure replays exactly:
 * - FUZZ_SEED: the run's seed (printed at the start and in every failure); each operation's
 *   own seed is derived from it and the operation, so filtering does not change it;
 * - FUZZ_RUNS: cases in total, shared out evenly between the operations (default 6000);
 * - FUZZ_TIME_MS: time for the cases in total (default 60 s): each operation gets an even
 *   share of what is left, and one still running at its share stops there, its cases so far
 *   counted (shrinking a failure has 20 s of its own);
 * - FUZZ_ONLY: only operations whose `METHOD /path` contains this text;
 * - FUZZ_PATH: fast-check's counterexample path, to replay one case (with FUZZ_ONLY);
 * - FUZZ_KEEP_GOING=1: do not stop at an operation's first failure: run all its cases and
 *   report every distinct failure (no shrinking), to survey rather than to replay;
 * - FUZZ_DEBUG=1: also print every valid case that got a 4xx (to tune the generators).
 */
export interface FuzzConfig {
  seed: number;
  runs: number;
  timeMs: number;
  only?: string;
  path?: string;
  keepGoing: boolean;
  debug: boolean;
}

export function fuzzConfig(env: NodeJS.ProcessEnv = process.env): FuzzConfig {
  const integer = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, not ${raw}`);
    return value;
  };
  return {
    seed: integer('FUZZ_SEED', randomInt(2 ** 31 - 1)),
    runs: integer('FUZZ_RUNS', 6000),
    timeMs: integer('FUZZ_TIME_MS', 60_000),
    only: env.FUZZ_ONLY || undefined,
    path: env.FUZZ_PATH || undefined,
    keepGoing: env.FUZZ_KEEP_GOING === '1' || env.FUZZ_KEEP_GOING === 'true',
    debug: env.FUZZ_DEBUG === '1' || env.FUZZ_DEBUG === 'true',
  };
}

/** The seed of one operation: the run's seed mixed with its name (FNV-1a). */
export function operationSeed(seed: number, key: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

export function replayCommand(config: FuzzConfig, key?: string, path?: string): string {
  const parts = [`FUZZ_SEED=${config.seed}`];
  if (key) parts.push(`FUZZ_ONLY='${key}'`);
  if (path) parts.push(`FUZZ_PATH='${path}'`);
  return `${parts.join(' ')} npm run test:fuzz`;
}
