import { ApiProperty } from '@nestjs/swagger';
import {
  ACTOR_TYPES,
  ActorType,
  AUDIT_OUTCOMES,
  AuditOutcome,
} from 'src/modules/audit/audit.types';

export class AuditActorDto {
  @ApiProperty({ enum: ACTOR_TYPES })
  type!: ActorType;

  @ApiProperty({ type: String, nullable: true, description: 'User id, API key id or job name' })
  id!: string | null;
}

export class AuditEventResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '1042', description: 'Position in the hash chain' })
  sequence!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: AuditActorDto })
  actor!: AuditActorDto;

  @ApiProperty({ example: 'auth.login.failed' })
  action!: string;

  @ApiProperty({ example: 'user' })
  resourceType!: string;

  @ApiProperty({ type: String, nullable: true })
  resourceId!: string | null;

  @ApiProperty({ enum: AUDIT_OUTCOMES })
  outcome!: AuditOutcome;

  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  subjectUserId!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;

  @ApiProperty({ description: 'Hash of the event before this one' })
  prevHash!: string;

  @ApiProperty({ description: 'sha256 over this event and prevHash' })
  hash!: string;
}
