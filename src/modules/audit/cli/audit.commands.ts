import { AuditModule } from 'src/modules/audit/audit.module';
import { AuditPruneCommand } from 'src/modules/audit/cli/audit-prune.command';
import { AuditVerifyCommand } from 'src/modules/audit/cli/audit-verify.command';
import { CliCommandDefinition } from 'src/platform/cli/cli-command';

export const AUDIT_COMMANDS: readonly CliCommandDefinition[] = [
  {
    name: 'audit:verify',
    description: 'Recompute the audit hash chain; exit 1 and name the first broken event if any',
    usage: '[--json]',
    imports: [AuditModule],
    command: AuditVerifyCommand,
  },
  {
    name: 'audit:prune',
    description:
      'Delete audit events older than AUDIT_RETENTION_DAYS, keeping the chain verifiable',
    usage: '[--json]',
    imports: [AuditModule],
    command: AuditPruneCommand,
  },
];
