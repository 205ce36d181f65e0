import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_OUTCOMES, AuditOutcome } from 'src/modules/audit/audit.types';

/** A security event on the caller's own account, without the trail's internals. */
export class ActivityEventResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ example: 'auth.login.succeeded' })
  action!: string;

  @ApiProperty({ enum: AUDIT_OUTCOMES })
  outcome!: AuditOutcome;

  @ApiProperty({ type: String, nullable: true })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent!: string | null;
}
