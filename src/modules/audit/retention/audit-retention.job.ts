import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { Clock } from 'src/platform/clock/clock';
import { JobsService } from 'src/platform/jobs/jobs.service';
import { AuditService } from 'src/modules/audit/audit.service';

export const AUDIT_PRUNE_QUEUE = 'audit.prune';
/** Daily, at a quiet hour in JOBS_TIMEZONE; once for the whole cluster. */
const DAILY = '17 3 * * *';

/** Applies AUDIT_RETENTION_DAYS every night (nothing is scheduled when retention is off). */
@Injectable()
export class AuditRetentionJob implements OnModuleInit {
  private readonly logger = new Logger('AuditRetention');

  constructor(
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register(AUDIT_PRUNE_QUEUE, () => this.prune(), {
      policy: 'singleton',
      retryLimit: 3,
    });
    if (this.config.audit.retentionDays > 0) this.jobs.schedule(AUDIT_PRUNE_QUEUE, DAILY);
  }

  async prune(): Promise<void> {
    const result = await this.audit.prune(this.clock.now());
    if (result.deleted > 0) {
      this.logger.log(
        `Pruned ${result.deleted} audit event(s) older than ${result.cutoff?.toISOString()}`,
      );
    }
  }
}
