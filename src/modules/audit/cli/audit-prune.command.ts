import { parseArgs } from 'node:util';
import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/modules/audit/audit.service';
import { Clock } from 'src/platform/clock/clock';
import { CliCommand, CliOutput } from 'src/platform/cli/cli-command';

/** `audit:prune [--json]`: applies AUDIT_RETENTION_DAYS now, as the scheduled job will. */
@Injectable()
export class AuditPruneCommand implements CliCommand {
  constructor(
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async run(args: readonly string[], output: CliOutput): Promise<number> {
    const { values } = parseArgs({
      args: [...args],
      options: { json: { type: 'boolean', default: false } },
      strict: true,
    });
    const result = await this.audit.prune(this.clock.now());
    if (values.json) {
      output.out(JSON.stringify(result));
    } else if (result.cutoff === null) {
      output.out('Audit retention is off (AUDIT_RETENTION_DAYS=0): nothing pruned');
    } else {
      output.out(
        `Pruned ${result.deleted} audit event(s) older than ${result.cutoff.toISOString()}` +
          (result.throughSequence ? ` (through sequence ${result.throughSequence})` : ''),
      );
    }
    return 0;
  }
}
