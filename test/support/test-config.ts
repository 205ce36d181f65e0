import { AppConfig } from 'src/config/app-config';

/**
 * A validated test configuration; `overrides` are environment variables. Rate limiting is off
 * unless a test turns it on: suites that send dozens of requests from one address are not
 * about the limiter, and its own suites set RATE_LIMIT_ENABLED and the tiers they need.
 */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): AppConfig {
  return AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    DB_CONNECT_ATTEMPTS: '1',
    RATE_LIMIT_ENABLED: 'false',
    ...overrides,
  });
}
