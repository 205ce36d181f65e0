import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';
import { REDACTED, toTrimmedOrUndefined } from 'src/config/env-transforms';
import { BEARER_TOKEN_BITS, secretWeakness } from 'src/config/secret-policy';

export const METRICS_ACCESS_MODES = ['open', 'token', 'port', 'off'] as const;
export type MetricsAccess = (typeof METRICS_ACCESS_MODES)[number];

export class MetricsVariables {
  /** open | token | port | off. Unset: open in development, token elsewhere. */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsIn(METRICS_ACCESS_MODES)
  METRICS_ACCESS?: MetricsAccess;

  /** Bearer token that /metrics requires in token mode (at least 32 bytes). */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32)
  METRICS_TOKEN?: string;

  /** The port of the metrics-only listener in `port` mode (0 picks a free one). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 9464;
}

export interface MetricsConfig {
  access: MetricsAccess;
  token: string | undefined;
  port: number;
}

export const metricsSection: ConfigSection<MetricsVariables, MetricsConfig> = {
  variables: MetricsVariables,
  build: (env) => ({
    access: env.METRICS_ACCESS ?? (env.NODE_ENV === 'development' ? 'open' : 'token'),
    token: env.METRICS_TOKEN,
    port: env.METRICS_PORT,
  }),
  problems: (env) => {
    const problems: string[] = [];
    if (env.METRICS_ACCESS === 'port' && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
      problems.push('METRICS_PORT must differ from PORT when METRICS_ACCESS=port');
    }
    if (env.NODE_ENV === 'production' && env.METRICS_TOKEN) {
      const weakness = secretWeakness(env.METRICS_TOKEN, {
        name: 'METRICS_TOKEN',
        minBits: BEARER_TOKEN_BITS,
        purpose: 'a bearer token needs',
      });
      if (weakness) problems.push(weakness);
    }
    return problems;
  },
  redact: (metrics) => ({ ...metrics, token: metrics.token ? REDACTED : undefined }),
};
