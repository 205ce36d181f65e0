import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';
import { REDACTED, toBoolean, toTrimmedOrUndefined } from 'src/config/env-transforms';

export class DemoVariables {
  /** Seed a demo account on an empty database (never in production). */
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_DATA = true;

  @IsString()
  @MaxLength(254)
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'DEMO_EMAIL must be an email address' })
  DEMO_EMAIL = 'demo@ledgerline.local';

  /** Empty: a random password is generated and printed once. */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  DEMO_PASSWORD?: string;
}

export interface DemoConfig {
  enabled: boolean;
  email: string;
  password: string | undefined;
}

export const demoSection: ConfigSection<DemoVariables, DemoConfig> = {
  variables: DemoVariables,
  build: (env) => ({
    enabled: env.DEMO_DATA && env.NODE_ENV !== 'production',
    email: env.DEMO_EMAIL.toLowerCase(),
    password: env.DEMO_PASSWORD,
  }),
  redact: (demo) => ({ ...demo, password: demo.password ? REDACTED : undefined }),
};
