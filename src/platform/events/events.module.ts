import { Module } from '@nestjs/common';
import { TransactionalEvents } from 'src/platform/events/transactional-events';

/**
 * Exports TransactionalEvents. Every module that raises or handles an event imports this one
 * module, so all of them share the one registry of the application.
 */
@Module({ providers: [TransactionalEvents], exports: [TransactionalEvents] })
export class EventsModule {}
