import { ConstructorOptions } from 'pg-boss';
import { AppConfig } from 'src/config/app-config';

/** pg-boss keeps its tables here, apart from the schema TypeORM's migrations own. */
export const JOBS_SCHEMA = 'pgboss';

/**
 * pg-boss's own pool, sized by JOBS_POOL_SIZE: the instance holds at most DB_POOL_SIZE +
 * JOBS_POOL_SIZE connections. API-only instances (JOBS_WORKERS=false) neither supervise (expire
 * and purge jobs) nor run the schedule; the worker instances do.
 */
export function pgBossOptions(config: AppConfig, databaseUrl: string): ConstructorOptions {
  const { jobs, database } = config;
  return {
    connectionString: databaseUrl,
    schema: JOBS_SCHEMA,
    application_name: 'ledgerline-jobs',
    max: jobs.poolSize,
    connectionTimeoutMillis: database.connectTimeoutMs,
    // pg-boss installs and upgrades its own schema under its own advisory lock.
    migrate: true,
    supervise: jobs.workers,
    schedule: jobs.workers,
    cronMonitorIntervalSeconds: jobs.schedulerIntervalSeconds,
    cronWorkerIntervalSeconds: Math.min(5, jobs.schedulerIntervalSeconds),
    instanceName: 'ledgerline',
  };
}
