import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { toTrimmedOrUndefined } from 'src/config/env-transforms';

export const NODE_ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What every section may depend on: which environment this is, and the build. */
export class RuntimeVariables {
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV: NodeEnvironment = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** The commit this build came from, shown by GET /health (set by the build or deployment). */
  @Transform(toTrimmedOrUndefined)
  @IsOptional()
  @Matches(/^[0-9a-f]{7,40}$/, { message: 'GIT_COMMIT must be a hexadecimal commit id' })
  GIT_COMMIT?: string;
}
