import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from 'src/platform/openapi/problem-details.dto';

export class CheckResultDto {
  status!: 'up' | 'down' | 'degraded';

  /** How long the check took, in milliseconds. */
  latencyMs?: number;

  /**
   * Why the check is down or degraded.
   * @example "timeout"
   */
  detail?: string;
}

const CHECKS_SCHEMA = {
  type: 'object' as const,
  additionalProperties: { $ref: getSchemaPath(CheckResultDto) },
  example: { shutdown: { status: 'up' }, database: { status: 'up', latencyMs: 2 } },
};

export class ReadinessDto {
  status!: 'ok';

  /** Every check by name: shutdown, database, migrations. */
  @ApiProperty(CHECKS_SCHEMA)
  checks!: Record<string, CheckResultDto>;
}

export class HealthStatusDto {
  /** `degraded`: ready, but a dependency it can serve without (Redis) is down. */
  status!: 'ok' | 'degraded' | 'unavailable';

  /** @example "0.1.0" */
  version!: string;

  /**
   * The commit this build came from, when the deployment says (GIT_COMMIT).
   * @example "4123422"
   */
  commit!: string | null;

  /** @example "production" */
  environment!: string;

  /** @example 3600 */
  uptimeSeconds!: number;

  @ApiProperty(CHECKS_SCHEMA)
  checks!: Record<string, CheckResultDto>;
}

/** The 503 of readiness: a problem whose `checks` member holds every check. */
export class NotReadyProblemDto extends ProblemDetailsDto {
  @ApiProperty(CHECKS_SCHEMA)
  checks!: Record<string, CheckResultDto>;
}
