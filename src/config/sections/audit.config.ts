import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import type { ConfigSection } from 'src/config/config-section';

export class AuditVariables {
  /** Audit events older than this many days are pruned; 0 keeps them forever. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36_500)
  AUDIT_RETENTION_DAYS = 400;
}

export interface AuditConfig {
  /** 0 keeps audit events forever. */
  retentionDays: number;
}

export const auditSection: ConfigSection<AuditVariables, AuditConfig> = {
  variables: AuditVariables,
  build: (env) => ({ retentionDays: env.AUDIT_RETENTION_DAYS }),
};
