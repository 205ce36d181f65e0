import { EntitySubscriberInterface, EventSubscriber } from 'typeorm';
import type { AfterQueryEvent } from 'typeorm/subscriber/event/QueryEvent';

/** What pg says when a query outlives `query_timeout` (its client-side limit). */
export const QUERY_READ_TIMEOUT = 'Query read timeout';

interface EndableConnection {
  end(): Promise<void>;
}

/**
 * pg's `query_timeout` answers the caller but leaves the query running on its connection, and
 * TypeORM hands that connection back to the pool as if it were healthy: the next request would
 * queue behind the stalled query, or, once the server answers again, run inside a transaction
 * the timed-out request left open, where a write it reports as done is never committed. Ending
 * the client here (pg destroys the socket of a client with a query in flight) makes the pool
 * drop it on release, and the server rolls back whatever that session had not committed.
 */
// TypeORM instantiates only the listed classes that carry the decorator.
@EventSubscriber()
export class CloseTimedOutConnections implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent): void {
    if (event.success || (event.error as Error | undefined)?.message !== QUERY_READ_TIMEOUT) return;
    const connection = (event.queryRunner as unknown as { databaseConnection?: EndableConnection })
      .databaseConnection;
    // Not awaited: the socket is gone at once, and the request should fail now, not later.
    connection?.end().catch(() => undefined);
  }
}
