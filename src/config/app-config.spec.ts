import { AppConfig, ConfigValidationError } from 'src/config/app-config';
import { describeConfig } from 'src/config/config-summary';

const STRONG_SECRET = 'k7R2vQ9xL4mT8wZ1nB6cY3pF5hJ0sD2gA9eU4iO7';

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
      embedded: { dataDir: './.data/postgres', port: 0 },
      poolSize: 10,
      connectTimeoutMs: 10_000,
      statementTimeoutMs: 30_000,
      migrations: 'auto',
    });
    expect(config.demo.enabled).toBe(true);
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
    const production = { NODE_ENV: 'production', JWT_SECRETS: STRONG_SECRET };

    it('starts with a strong secret and explicit origins', () => {
      const config = AppConfig.fromEnvironment({
        ...production,
        CORS_ORIGINS: 'https://app.example.com',
      });
      expect(config.isProduction).toBe(true);
      expect(config.demo.enabled).toBe(false);
    });

    it.each([
      [{ JWT_SECRETS: undefined }, 'JWT_SECRETS is required in production'],
      [{ JWT_SECRETS: 'too-short-secret' }, 'JWT_SECRETS entry 1 is shorter than 32 bytes'],
      [
        { JWT_SECRETS: 'change-me-change-me-change-me-change-me' },
        'JWT_SECRETS entry 1 is a placeholder value',
      ],
      [
        { JWT_SECRETS: 'your-secret-key-goes-here-for-production' },
        'JWT_SECRETS entry 1 is a placeholder value',
      ],
      [{ JWT_SECRETS: `${STRONG_SECRET},secret` }, 'JWT_SECRETS entry 2 is shorter than 32 bytes'],
      [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS must list origins explicitly'],
      [{ CORS_ORIGINS: 'https://*.example.com' }, 'CORS_ORIGINS must list origins explicitly'],
    ])('refuses %j', (env, expected) => {
      expect(problemsFor({ ...production, ...env }).join('\n')).toContain(expected);
    });
  });

  it('never puts a secret into the logged summary', () => {
    const config = AppConfig.fromEnvironment({
      JWT_SECRETS: STRONG_SECRET,
      DATABASE_URL: 'postgres://app:hunter2-password@db.internal:5432/ledgerline',
      DEMO_PASSWORD: 'demo-password-123',
    });
    const logged = JSON.stringify(describeConfig(config));
    expect(logged).not.toContain(STRONG_SECRET);
    expect(logged).not.toContain('hunter2-password');
    expect(logged).not.toContain('demo-password-123');
    expect(logged).toContain('db.internal');
  });
});
