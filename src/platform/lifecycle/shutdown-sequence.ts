import { Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { JobsService } from 'src/platform/jobs/jobs.service';
import { HandlerDrain } from 'src/platform/lifecycle/handler-drain';

/**
 * What must finish after the HTTP server has closed and before TypeORM closes its pool: route
 * handlers whose clients have gone, then running jobs (handlers may still enqueue some).
 *
 * Nest runs onApplicationShutdown for non-global modules, nearest the root first, before any
 * global module's, and TypeORM's pool belongs to a global module. A hook in a global module
 * would therefore run after the pool has closed; this one lives in a plain module imported by
 * the root so that it runs first.
 */
@Injectable()
export class ShutdownSequence implements OnApplicationShutdown {
  constructor(
    private readonly handlers: HandlerDrain,
    private readonly jobs: JobsService,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.handlers.drain();
    await this.jobs.drain();
  }
}

@Module({ providers: [ShutdownSequence] })
export class ShutdownSequenceModule {}
