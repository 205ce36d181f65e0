import { resolve } from 'node:path';
import { DatabaseConfig } from 'src/config/app-config';
import { EmbeddedPostgres } from 'src/platform/database/embedded-postgres';

/** Where the app's PostgreSQL is, and how to let go of it at shutdown. */
export interface DatabaseServer {
  url: string;
  embedded: boolean;
  /**
   * A local folder for what belongs with this data (the development signing secret): the
   * embedded server's data folder, or ./.data beside an external server.
   */
  stateDir: string;
  stop(): Promise<void>;
}

export interface DatabaseServerOptions {
  log: (message: string) => void;
  warn?: (message: string) => void;
  /**
   * An embedded server that another process already runs in the folder: the app refuses it
   * (`refuse`, two apps on one folder is a mistake), one-off commands use it (`attach`).
   */
  whenInUse: 'attach' | 'refuse';
  /**
   * Set by a long-running process: the embedded server is restarted when it dies
   * (EMBEDDED_PG_RESTART_ATTEMPTS times), and this is called when it cannot be.
   */
  onLost?: (error: Error) => void;
}

/** The external server of DATABASE_URL, or else an embedded one started (or found) now. */
export async function startDatabaseServer(
  database: DatabaseConfig,
  options: DatabaseServerOptions,
): Promise<DatabaseServer> {
  if (database.url) {
    return {
      url: database.url,
      embedded: false,
      stateDir: resolve('.data'),
      stop: () => Promise.resolve(),
    };
  }
  const server = new EmbeddedPostgres({
    dataDir: database.embedded.dataDir,
    port: database.embedded.port,
    persistent: true,
    log: options.log,
    warn: options.warn,
    whenInUse: options.whenInUse,
    restartAttempts: options.onLost ? database.embedded.restartAttempts : 0,
    onLost: options.onLost,
  });
  const url = await server.start();
  return {
    url,
    embedded: true,
    stateDir: resolve(database.embedded.dataDir),
    stop: () => server.stop(),
  };
}
