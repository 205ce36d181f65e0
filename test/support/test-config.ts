import { AppConfig } from 'src/config/app-config';

/** A validated test configuration; `overrides` are environment variables. */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): AppConfig {
  return AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    DB_CONNECT_ATTEMPTS: '1',
    ...overrides,
  });
}
