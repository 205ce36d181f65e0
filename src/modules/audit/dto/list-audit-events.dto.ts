import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ACTOR_TYPES, ActorType } from 'src/modules/audit/audit.types';
import { AUDIT_LIMITS, RESOURCE_TYPE_PATTERN } from 'src/modules/audit/event-normaliser';
import { PageQuery } from 'src/platform/pagination/page';
import { IsInstant, IsNotBefore } from 'src/platform/validation/time-range.validators';

/** An exact action, or a prefix ending in `.*`. */
const ACTION_FILTER = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?$/;

/** The admin query: every filter optional, newest events first. */
export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ACTOR_TYPES, description: 'Required with actorId' })
  @ValidateIf(
    (query: ListAuditEventsQuery) => query.actorType !== undefined || query.actorId !== undefined,
  )
  @IsIn(ACTOR_TYPES, {
    message: `actorType must be one of ${ACTOR_TYPES.join(', ')} (it is required with actorId)`,
  })
  actorType?: ActorType;

  @ApiPropertyOptional({ description: 'A user id, an API key id or a job name' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(AUDIT_LIMITS.actorId)
  actorId?: string;

  @ApiPropertyOptional({
    description: 'An exact action (`auth.login.failed`) or a prefix ending in `.*` (`auth.*`)',
    example: 'auth.*',
  })
  @IsOptional()
  @IsString()
  @MaxLength(AUDIT_LIMITS.action)
  @Matches(ACTION_FILTER, {
    message: 'action must be a dotted lower-case action, or a prefix of one followed by .*',
  })
  action?: string;

  @ApiPropertyOptional({ example: 'user', description: 'Required with resourceId' })
  @ValidateIf(
    (query: ListAuditEventsQuery) =>
      query.resourceType !== undefined || query.resourceId !== undefined,
  )
  @IsString({ message: 'resourceType must be a string (it is required with resourceId)' })
  @MaxLength(AUDIT_LIMITS.resourceType)
  @Matches(RESOURCE_TYPE_PATTERN, { message: 'resourceType must be a lower-case snake_case name' })
  resourceType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(AUDIT_LIMITS.resourceId)
  resourceId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The user whose security activity it is' })
  @IsOptional()
  @IsUUID()
  subjectUserId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive; not before `from`' })
  @IsOptional()
  @IsInstant()
  @IsNotBefore('from')
  to?: string;
}
