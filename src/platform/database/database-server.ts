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

/** The external server of DATABASE_URL, or else an embedded one started now. */
export async function startDatabaseServer(
  database: DatabaseConfig,
  log: (message: string) => void,
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
    log,
  });
  const url = await server.start();
  return {
    url,
    embedded: true,
    stateDir: resolve(database.embedded.dataDir),
    stop: () => server.stop(),
  };
}
