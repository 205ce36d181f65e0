import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from 'test/support/processes';

/** Debian's redis-server (installed by .ci/run), or undefined on a machine without it. */
export const REDIS_SERVER_BINARY = findOnPath('redis-server');

export interface RedisServer {
  port: number;
  url: string;
  pid: number;
  /** SIGKILL, as when the server dies under the app; resolves once it has exited. */
  kill(): Promise<void>;
  /** Stops the server and removes its folder. Safe after kill(). */
  stop(): Promise<void>;
}

/** A throw-away redis-server on 127.0.0.1 (a free port, or `port` to restart on the same one). */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  if (!REDIS_SERVER_BINARY) throw new Error('redis-server is not installed (see .ci/run)');
  const chosenPort = port ?? (await freePort());
  const dir = await mkdtemp(join(tmpdir(), 'ledgerline-redis-'));
  const child = spawn(
    REDIS_SERVER_BINARY,
    [
      '--port',
      String(chosenPort),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  try {
    await waitForPong(chosenPort, child);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${output}`, { cause: error });
  }

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    port: chosenPort,
    url: `redis://127.0.0.1:${chosenPort}`,
    pid: child.pid!,
    kill: () => terminate('SIGKILL'),
    stop: async () => {
      await terminate('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPong(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    if (await answersPing(port)) return;
    await sleep(50);
  }
  throw new Error(`redis-server on port ${port} did not answer PING`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    let reply = '';
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.startsWith('+PONG'));
      }
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

function findOnPath(name: string): string | undefined {
  const directories = (process.env.PATH ?? '').split(delimiter).concat('/usr/bin', '/usr/sbin');
  for (const directory of directories) {
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
