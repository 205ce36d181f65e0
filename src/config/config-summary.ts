import { AppConfig } from 'src/config/app-config';

const REDACTED = '[REDACTED]';

/** The effective configuration as it may be logged: every secret replaced. */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  return {
    env: config.env,
    logLevel: config.logLevel,
    http: config.http,
    database: {
      ...config.database,
      url: config.database.url ? redactUrlPassword(config.database.url) : 'embedded',
    },
    auth: { jwtSecrets: config.auth.jwtSecrets.map(() => REDACTED) },
    metrics: { ...config.metrics, token: config.metrics.token ? REDACTED : undefined },
    shutdown: config.shutdown,
    demo: { ...config.demo, password: config.demo.password ? REDACTED : undefined },
    fx: {
      ...config.fx,
      ecbDailyUrl: redactUrlPassword(config.fx.ecbDailyUrl),
      ecbHistoryUrl: redactUrlPassword(config.fx.ecbHistoryUrl),
    },
  };
}

export function redactUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return REDACTED;
  }
}
