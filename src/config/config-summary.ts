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
    auth: {
      ...config.auth,
      jwtSecrets: config.auth.jwtSecrets.map(() => REDACTED),
      initialAdmin: config.auth.initialAdmin
        ? { email: config.auth.initialAdmin.email, password: REDACTED }
        : undefined,
    },
    metrics: { ...config.metrics, token: config.metrics.token ? REDACTED : undefined },
    rateLimit: config.rateLimit,
    redis: { url: config.redis.url ? redactUrlPassword(config.redis.url) : 'none' },
    audit: config.audit,
    shutdown: config.shutdown,
    demo: { ...config.demo, password: config.demo.password ? REDACTED : undefined },
    mail: {
      ...config.mail,
      smtpUrl: config.mail.smtpUrl ? redactUrlPassword(config.mail.smtpUrl) : undefined,
    },
    jobs: config.jobs,
    fx: {
      ...config.fx,
      ecbDailyUrl: redactUrlPassword(config.fx.ecbDailyUrl),
      ecbHistoryUrl: redactUrlPassword(config.fx.ecbHistoryUrl),
    },
    imports: config.imports,
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
