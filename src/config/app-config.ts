import { randomBytes } from 'node:crypto';
import type { SectionBuildContext } from 'src/config/config-section';
import { CONFIG_SECTIONS, ConfigSections } from 'src/config/config-sections';
import { validateEnvironment } from 'src/config/environment.schema';
import type { LogLevel, NodeEnvironment } from 'src/config/sections/runtime.config';

export type { AuditConfig } from 'src/config/sections/audit.config';
export type { AuthConfig } from 'src/config/sections/auth.config';
export type { DatabaseConfig } from 'src/config/sections/database.config';
export type { DemoConfig } from 'src/config/sections/demo.config';
export type { FxConfig } from 'src/config/sections/fx.config';
export type { HttpConfig } from 'src/config/sections/http.config';
export type { ImportsConfig } from 'src/config/sections/imports.config';
export type { JobsConfig } from 'src/config/sections/jobs.config';
export type { MailConfig } from 'src/config/sections/mail.config';
export type { MetricsConfig } from 'src/config/sections/metrics.config';
export type { RateLimitConfig } from 'src/config/sections/rate-limit.config';
export type { RedisConfig } from 'src/config/sections/redis.config';
export type { ShutdownConfig } from 'src/config/sections/shutdown.config';

export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

type SectionValues = {
  readonly [Name in keyof ConfigSections]: ReturnType<ConfigSections[Name]['build']>;
};

/** Gives AppConfig one typed property per entry of CONFIG_SECTIONS. */
const SectionProperties = class {} as new () => SectionValues;

/** Outside production an unset secret gets a random one: it lasts one process. */
const randomSecrets: SectionBuildContext = {
  generatedSecret: () => randomBytes(48).toString('base64url'),
};

/** The validated, typed configuration. Built once at boot; injected everywhere else. */
export class AppConfig extends SectionProperties {
  readonly env!: NodeEnvironment;
  readonly logLevel!: LogLevel;
  readonly gitCommit!: string | undefined;

  get isProduction(): boolean {
    return this.env === 'production';
  }

  static fromEnvironment(
    source: NodeJS.ProcessEnv = process.env,
    context: SectionBuildContext = randomSecrets,
  ): AppConfig {
    const { env, problems } = validateEnvironment(source);
    if (!env) throw new ConfigValidationError(problems);
    const sections = Object.fromEntries(
      Object.entries(CONFIG_SECTIONS).map(([name, section]) => [name, section.build(env, context)]),
    );
    return Object.assign(new AppConfig(), sections, {
      env: env.NODE_ENV,
      logLevel: env.LOG_LEVEL,
      gitCommit: env.GIT_COMMIT,
    });
  }
}
