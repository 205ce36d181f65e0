import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from 'src/config/app-config';

/**
 * A validated test configuration; `overrides` are environment variables. Password hashing
 * is lighter than production's so that suites creating many accounts stay quick (the
 * benchmark measures the real parameters); rate limiting is off unless a test turns it on
 * (suites that send dozens of requests from one address are not about the limiter); job
 * workers are off unless a test turns them on (JOBS_WORKERS=true), so no job or schedule runs
 * behind a test's back, and when on they poll quickly. The ECB is a loopback port nothing
 * listens on unless a test serves it (test/support/http-fixture-server.ts): an instance running
 * workers imports the rate history at start, and no test reaches the internet.
 */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): AppConfig {
  return AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    DB_CONNECT_ATTEMPTS: '1',
    ARGON2_MEMORY_KIB: '4096',
    ARGON2_TIME_COST: '1',
    RATE_LIMIT_ENABLED: 'false',
    // Mail without SMTP goes to an outbox: never the project's own folder.
    MAIL_OUTBOX_DIR: join(tmpdir(), `ledgerline-test-outbox-${process.pid}`),
    JOBS_WORKERS: 'false',
    JOBS_POLL_INTERVAL_MS: '500',
    JOBS_SCHEDULER_INTERVAL_S: '1',
    FX_ECB_DAILY_URL: 'http://127.0.0.1:9/stats/eurofxref/eurofxref-daily.xml',
    FX_ECB_HISTORY_URL: 'http://127.0.0.1:9/stats/eurofxref/eurofxref-hist.zip',
    ...overrides,
  });
}
