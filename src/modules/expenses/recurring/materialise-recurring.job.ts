import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobsService } from 'src/platform/jobs/jobs.service';
import {
  MATERIALISE_RECURRING_QUEUE,
  RecurringMaterialiser,
} from 'src/modules/expenses/recurring/recurring-materialiser';

/**
 * Materialises recurring expenses every day at 00:05 in JOBS_TIMEZONE, the zone whose calendar
 * decides "today". A missed day (instances down, a failed run) is caught up by the next run,
 * which creates every occurrence since each rule's watermark. Running it twice, or on two
 * instances at once, creates nothing twice (see RecurringMaterialiser), so the queue needs no
 * singleton policy and a retry after a partial run simply finishes the work.
 */
@Injectable()
export class MaterialiseRecurringJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly materialiser: RecurringMaterialiser,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ ruleId?: string }>(
      MATERIALISE_RECURRING_QUEUE,
      (job) =>
        this.materialiser
          .materialiseDue({ ruleId: job.data.ruleId, signal: job.signal })
          .then(() => undefined),
      { retryLimit: 5, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 1800 },
    );
    this.jobs.schedule(MATERIALISE_RECURRING_QUEUE, '5 0 * * *');
  }
}
