import { AppConfig, ConfigValidationError } from 'src/config/app-config';
import { describeConfig } from 'src/config/config-summary';

// 48 random bytes, base64url: what the error message tells an operator to generate.
const STRONG_SECRET = 'ZiQw9vUJ2olxHuGyASTjSsk72mjxxGBOZJHbfFkF9e1UKFv91Yb4qiXitQ5gbhUQ';

function problemsFor(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    AppConfig.fromEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe('AppConfig', () => {
  it('applies the documented defaults', () => {
    const config = AppConfig.fromEnvironment({});
    expect(config.env).toBe('development');
    expect(config.http).toMatchObject({ host: '0.0.0.0', port: 3000 });
    expect(config.database).toMatchObject({
      url: undefined,
      embedded: { dataDir: './.data/postgres', port: 0, restartAttempts: 5 },
      poolSize: 10,
      connectTimeoutMs: 10_000,
      acquireTimeoutMs: 2000,
      statementTimeoutMs: 5000,
      queryTimeoutMs: 6000,
      migrations: 'auto',
    });
    expect(config.demo.enabled).toBe(true);
    expect(config.redis.url).toBeUndefined();
    expect(config.rateLimit).toEqual({
      enabled: true,
      tiers: {
        public: { limit: 10, windowMs: 60_000 },
        authenticated: { limit: 60, windowMs: 60_000 },
        admin: { limit: 1000, windowMs: 60_000 },
        search: { limit: 20, windowMs: 60_000 },
        upload: { limit: 5, windowMs: 60_000 },
        login: { limit: 100, windowMs: 900_000 },
        register: { limit: 30, windowMs: 3_600_000 },
      },
    });
    expect(config.mail).toEqual({
      transport: 'outbox',
      smtpUrl: undefined,
      from: 'Ledgerline <no-reply@ledgerline.local>',
      outboxDir: './.data/outbox',
      timeoutMs: 10_000,
    });
    expect(config.jobs).toEqual({
      workers: true,
      poolSize: 4,
      pollIntervalMs: 2000,
      schedulerIntervalSeconds: 30,
      timezone: 'UTC',
    });
    expect(config.audit.retentionDays).toBe(400);
    // Ctrl-C on a development server stops it at once; production waits (see below).
    expect(config.shutdown).toEqual({ timeoutMs: 10_000, readinessDelayMs: 0 });
    expect(AppConfig.fromEnvironment({ NODE_ENV: 'test' }).shutdown.readinessDelayMs).toBe(0);
    expect(
      AppConfig.fromEnvironment({ SHUTDOWN_READINESS_DELAY_MS: '1500' }).shutdown.readinessDelayMs,
    ).toBe(1500);
    expect(config.fx).toEqual({
      ecbDailyUrl: 'https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml',
      ecbHistoryUrl: 'https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip',
      fetchTimeoutMs: 30_000,
      maxDownloadBytes: 33_554_432,
      maxRateAgeDays: 7,
    });
  });

  it('reads rate-limit tiers, the switch and the Redis URL', () => {
    const config = AppConfig.fromEnvironment({
      RATE_LIMIT_ENABLED: 'false',
      RATE_LIMIT_SEARCH: '50/30s',
      RATE_LIMIT_LOGIN: '10/1h',
      REDIS_URL: 'rediss://:pw@redis.internal:6380/2',
    });
    expect(config.rateLimit.enabled).toBe(false);
    expect(config.rateLimit.tiers.search).toEqual({ limit: 50, windowMs: 30_000 });
    expect(config.rateLimit.tiers.login).toEqual({ limit: 10, windowMs: 3_600_000 });
    expect(config.rateLimit.tiers.public).toEqual({ limit: 10, windowMs: 60_000 });
    expect(config.redis.url).toBe('rediss://:pw@redis.internal:6380/2');
  });

  it('sends mail over SMTP once SMTP_URL is set', () => {
    const config = AppConfig.fromEnvironment({ SMTP_URL: 'smtps://mailer:pw@mail.example.com' });
    expect(config.mail.transport).toBe('smtp');
    expect(
      AppConfig.fromEnvironment({
        SMTP_URL: 'smtp://mail.example.com:587',
        MAIL_TRANSPORT: 'outbox',
      }).mail.transport,
    ).toBe('outbox');
  });

  it('reads the audit retention, where 0 means keep forever', () => {
    expect(AppConfig.fromEnvironment({ AUDIT_RETENTION_DAYS: '0' }).audit.retentionDays).toBe(0);
    expect(AppConfig.fromEnvironment({ AUDIT_RETENTION_DAYS: '30' }).audit.retentionDays).toBe(30);
  });

  it('accepts a loopback rate source (tests and mirrors)', () => {
    const config = AppConfig.fromEnvironment({
      FX_ECB_DAILY_URL: 'http://127.0.0.1:8080/eurofxref-daily.xml',
      FX_ECB_HISTORY_URL: 'http://localhost:8080/eurofxref-hist.zip',
    });
    expect(config.fx.ecbDailyUrl).toBe('http://127.0.0.1:8080/eurofxref-daily.xml');
    expect(config.fx.ecbHistoryUrl).toBe('http://localhost:8080/eurofxref-hist.zip');
  });

  it('derives the public URL from PORT unless PUBLIC_URL names a front end', () => {
    expect(AppConfig.fromEnvironment({ PORT: '4100' }).auth).toMatchObject({
      publicUrl: 'http://localhost:4100',
      frontEndUrl: undefined,
    });
    expect(
      AppConfig.fromEnvironment({ PUBLIC_URL: 'https://app.example.com/' }).auth,
    ).toMatchObject({
      publicUrl: 'https://app.example.com',
      frontEndUrl: 'https://app.example.com',
    });
  });

  it('keeps the login and register tiers strict in production and tests, usable in development', () => {
    const tiers = (env: NodeJS.ProcessEnv) => AppConfig.fromEnvironment(env).rateLimit.tiers;
    expect(tiers({ NODE_ENV: 'development' })).toMatchObject({
      login: { limit: 100, windowMs: 900_000 },
      register: { limit: 30, windowMs: 3_600_000 },
    });
    expect(tiers({ NODE_ENV: 'test' })).toMatchObject({
      login: { limit: 5, windowMs: 900_000 },
      register: { limit: 3, windowMs: 3_600_000 },
    });
    expect(
      tiers({
        NODE_ENV: 'production',
        JWT_SECRETS: STRONG_SECRET,
        SMTP_URL: 'smtps://mailer:pw@mail.example.com',
      }).login,
    ).toEqual({ limit: 5, windowMs: 900_000 });
    expect(tiers({ NODE_ENV: 'development', RATE_LIMIT_LOGIN: '7/1m' }).login).toEqual({
      limit: 7,
      windowMs: 60_000,
    });
  });

  it('generates an ephemeral signing secret outside production', () => {
    const config = AppConfig.fromEnvironment({ NODE_ENV: 'development' });
    expect(config.auth.jwtSecrets).toHaveLength(1);
    expect(config.auth.jwtSecrets[0].length).toBeGreaterThanOrEqual(32);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ MIGRATIONS: 'sometimes' }, /MIGRATIONS/],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /DATABASE_URL/],
    [{ DEMO_DATA: 'maybe' }, /DEMO_DATA/],
    [{ RATE_LIMIT_ENABLED: 'sometimes' }, /RATE_LIMIT_ENABLED/],
    [{ RATE_LIMIT_PUBLIC: '10' }, /RATE_LIMIT_PUBLIC must be <requests>\/<window>/],
    [{ RATE_LIMIT_AUTHENTICATED: '0/1m' }, /RATE_LIMIT_AUTHENTICATED/],
    [{ RATE_LIMIT_ADMIN: '100/1d' }, /RATE_LIMIT_ADMIN/],
    [{ RATE_LIMIT_SEARCH: 'lots' }, /RATE_LIMIT_SEARCH/],
    [{ RATE_LIMIT_UPLOAD: '5/0m' }, /RATE_LIMIT_UPLOAD/],
    [{ RATE_LIMIT_LOGIN: '5/48h' }, /RATE_LIMIT_LOGIN/],
    [{ RATE_LIMIT_REGISTER: '3 per hour' }, /RATE_LIMIT_REGISTER/],
    [{ REDIS_URL: 'http://localhost:6379' }, /REDIS_URL/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL/],
    [{ SMTP_URL: 'http://mail.example.com' }, /SMTP_URL/],
    [{ MAIL_TRANSPORT: 'pigeon' }, /MAIL_TRANSPORT/],
    [{ MAIL_TRANSPORT: 'smtp' }, /MAIL_TRANSPORT=smtp needs SMTP_URL/],
    [{ MAIL_FROM: 'not an address' }, /MAIL_FROM/],
    [{ MAIL_FROM: 'Eve <eve@example.com>\r\nBcc: all@example.com' }, /MAIL_FROM/],
    [{ JOBS_WORKERS: 'sometimes' }, /JOBS_WORKERS/],
    [{ JOBS_POLL_INTERVAL_MS: '100' }, /JOBS_POLL_INTERVAL_MS/],
    [{ JOBS_SCHEDULER_INTERVAL_S: '60' }, /JOBS_SCHEDULER_INTERVAL_S/],
    [{ JOBS_TIMEZONE: 'Mars/Olympus_Mons' }, /JOBS_TIMEZONE must be an IANA time zone/],
    [{ AUDIT_RETENTION_DAYS: '-1' }, /AUDIT_RETENTION_DAYS/],
    [{ AUDIT_RETENTION_DAYS: 'forever' }, /AUDIT_RETENTION_DAYS/],
    [{ FX_ECB_DAILY_URL: 'ftp://example.com/rates.xml' }, /FX_ECB_DAILY_URL/],
    [{ FX_ECB_HISTORY_URL: 'not a url' }, /FX_ECB_HISTORY_URL/],
    [{ FX_FETCH_TIMEOUT_MS: '10' }, /FX_FETCH_TIMEOUT_MS/],
    [{ FX_MAX_DOWNLOAD_BYTES: 'lots' }, /FX_MAX_DOWNLOAD_BYTES/],
    [{ FX_MAX_RATE_AGE_DAYS: '-1' }, /FX_MAX_RATE_AGE_DAYS/],
  ])('refuses %j', (env, expected) => {
    expect(problemsFor(env).join('\n')).toMatch(expected);
  });

  it('takes a separate metrics port that differs from the API port', () => {
    const config = AppConfig.fromEnvironment({ METRICS_ACCESS: 'port', METRICS_PORT: '9100' });
    expect(config.metrics).toMatchObject({ access: 'port', port: 9100 });
    expect(problemsFor({ METRICS_ACCESS: 'port', PORT: '9100', METRICS_PORT: '9100' })).toEqual([
      'METRICS_PORT must differ from PORT when METRICS_ACCESS=port',
    ]);
    expect(problemsFor({ METRICS_ACCESS: 'sideways' }).join('\n')).toMatch(/METRICS_ACCESS/);
  });

  it('names every invalid variable in one message', () => {
    const problems = problemsFor({ PORT: 'x', NODE_ENV: 'nope', DB_POOL_SIZE: '0' });
    expect(problems.some((problem) => problem.startsWith('PORT'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('NODE_ENV'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('DB_POOL_SIZE'))).toBe(true);
  });

  describe('in production', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRETS: STRONG_SECRET,
      SMTP_URL: 'smtps://mailer:mail-password@mail.example.com',
    };

    it('starts with a strong secret and explicit origins', () => {
      const config = AppConfig.fromEnvironment({
        ...production,
        CORS_ORIGINS: 'https://app.example.com',
      });
      expect(config.isProduction).toBe(true);
      expect(config.demo.enabled).toBe(false);
    });

    it('keeps readiness at 503 for a while before draining, unless told otherwise', () => {
      expect(AppConfig.fromEnvironment(production).shutdown).toEqual({
        timeoutMs: 10_000,
        readinessDelayMs: 5000,
      });
      const immediate = { ...production, SHUTDOWN_READINESS_DELAY_MS: '0' };
      expect(AppConfig.fromEnvironment(immediate).shutdown.readinessDelayMs).toBe(0);
    });

    it('keeps mail in the outbox only when told to', () => {
      const config = AppConfig.fromEnvironment({
        ...production,
        SMTP_URL: undefined,
        MAIL_TRANSPORT: 'outbox',
      });
      expect(config.mail.transport).toBe('outbox');
    });

    it.each([
      [{ JWT_SECRETS: undefined }, 'JWT_SECRETS is required in production'],
      [{ JWT_SECRETS: 'too-short-secret' }, 'JWT_SECRETS entry 1 is too weak'],
      [
        { JWT_SECRETS: 'change-me-change-me-change-me-change-me' },
        'JWT_SECRETS entry 1 is a placeholder value',
      ],
      [
        { JWT_SECRETS: 'your-secret-key-goes-here-for-production' },
        'JWT_SECRETS entry 1 is a placeholder value',
      ],
      [
        { JWT_SECRETS: 'passwordpasswordpasswordpassword12' },
        'JWT_SECRETS entry 1 is too weak: about 18 bits of entropy (it contains a dictionary word), below the 256 an HS256 signing key needs; generate one with',
      ],
      [{ JWT_SECRETS: `${STRONG_SECRET},secret` }, 'JWT_SECRETS entry 2 is too weak'],
      [{ METRICS_TOKEN: 'metrics-token-0123456789abcdef0123456789' }, 'METRICS_TOKEN is too weak'],
      [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS must list origins explicitly'],
      [{ CORS_ORIGINS: 'https://*.example.com' }, 'CORS_ORIGINS must list origins explicitly'],
      [{ SMTP_URL: undefined }, 'SMTP_URL is required in production'],
    ])('refuses %j', (env, expected) => {
      expect(problemsFor({ ...production, ...env }).join('\n')).toContain(expected);
    });
  });

  it('never puts a secret into the logged summary', () => {
    const config = AppConfig.fromEnvironment({
      JWT_SECRETS: STRONG_SECRET,
      DATABASE_URL: 'postgres://app:hunter2-password@db.internal:5432/ledgerline',
      DEMO_PASSWORD: 'demo-password-123',
      REDIS_URL: 'redis://:redis-hunter3@cache.internal:6379',
      SMTP_URL: 'smtp://mailer:smtp-secret-999@mail.internal:587',
      FX_ECB_HISTORY_URL: 'https://mirror:fx-mirror-pass@rates.internal/eurofxref-hist.zip',
    });
    const logged = JSON.stringify(describeConfig(config));
    expect(logged).not.toContain('fx-mirror-pass');
    expect(logged).toContain('rates.internal');
    expect(logged).not.toContain(STRONG_SECRET);
    expect(logged).not.toContain('hunter2-password');
    expect(logged).not.toContain('demo-password-123');
    expect(logged).not.toContain('redis-hunter3');
    expect(logged).toContain('db.internal');
    expect(logged).toContain('cache.internal');
    expect(logged).not.toContain('smtp-secret-999');
    expect(logged).toContain('db.internal');
    expect(logged).toContain('mail.internal');
  });
});
