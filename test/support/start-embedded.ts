import { EmbeddedPostgres } from 'src/platform/database/embedded-postgres';
import { Client } from 'pg';

/** Starts, queries and stops an embedded server in the given folder; prints the server's user. */
async function main(): Promise<void> {
  const server = new EmbeddedPostgres({
    dataDir: process.argv[2],
    port: 0,
    persistent: true,
    log: () => undefined,
  });
  const client = new Client({ connectionString: await server.start() });
  await client.connect();
  const { rows } = await client.query<{ answer: number }>('SELECT 41 + 1 AS answer');
  await client.end();
  await server.stop();
  process.stdout.write(JSON.stringify({ answer: rows[0]?.answer, uid: process.getuid?.() }));
}

void main();
