import { AppConfig } from 'src/config/app-config';

/**
 * A validated test configuration; `overrides` are environment variables. Job workers are off
 * unless a test turns them on (JOBS_WORKERS=true), so no job or schedule runs behind a test's
 * back and an app that only enqueues never starts workers; when on, they poll quickly.
 */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): AppConfig {
  return AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    DB_CONNECT_ATTEMPTS: '1',
    JOBS_WORKERS: 'false',
    JOBS_POLL_INTERVAL_MS: '500',
    JOBS_SCHEDULER_INTERVAL_S: '1',
    ...overrides,
  });
}
