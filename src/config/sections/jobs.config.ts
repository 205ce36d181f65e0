import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsInt, IsString, Max, Min, ValidateBy } from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';
import { toBoolean } from 'src/config/env-transforms';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class JobsVariables {
  /**
   * Run job workers and the schedule in this instance. false: an API-only replica that still
   * enqueues jobs for the others to run.
   */
  @Transform(toBoolean)
  @IsBoolean()
  JOBS_WORKERS = true;

  /** Connections of the job queue's own pool, in addition to DB_POOL_SIZE. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  JOBS_POOL_SIZE = 4;

  /** How often an idle worker looks for new jobs. */
  @Type(() => Number)
  @IsInt()
  @Min(500)
  @Max(60_000)
  JOBS_POLL_INTERVAL_MS = 2000;

  /** How often the cluster evaluates cron schedules (one instance does it per interval). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(45)
  JOBS_SCHEDULER_INTERVAL_S = 30;

  /** IANA time zone cron schedules are read in, unless a schedule names its own. */
  @IsDefined()
  @IsString()
  @ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isTimeZone(value),
      defaultMessage: () => 'JOBS_TIMEZONE must be an IANA time zone such as UTC or Europe/Paris',
    },
  })
  JOBS_TIMEZONE = 'UTC';
}

export interface JobsConfig {
  /** Run workers and the schedule here; false still allows enqueueing. */
  workers: boolean;
  poolSize: number;
  pollIntervalMs: number;
  schedulerIntervalSeconds: number;
  timezone: string;
}

export const jobsSection: ConfigSection<JobsVariables, JobsConfig> = {
  variables: JobsVariables,
  build: (env) => ({
    workers: env.JOBS_WORKERS,
    poolSize: env.JOBS_POOL_SIZE,
    pollIntervalMs: env.JOBS_POLL_INTERVAL_MS,
    schedulerIntervalSeconds: env.JOBS_SCHEDULER_INTERVAL_S,
    timezone: env.JOBS_TIMEZONE,
  }),
};
