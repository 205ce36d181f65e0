import { parseArgs } from 'node:util';
import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/modules/audit/audit.service';
import { ChainVerification } from 'src/modules/audit/audit.types';
import { CliCommand, CliOutput } from 'src/platform/cli/cli-command';

const EXPLANATIONS: Record<NonNullable<ChainVerification['reason']>, string> = {
  hash_mismatch: 'its contents no longer match its hash (the event was altered)',
  broken_link:
    'it does not point at the hash of the event before it (an event was removed, inserted or rewritten)',
  anchor_mismatch: 'it should have been removed by the last prune but is still there',
};

/** `audit:verify [--json]`: exit 0 when the chain is intact, 1 when it is broken. */
@Injectable()
export class AuditVerifyCommand implements CliCommand {
  constructor(private readonly audit: AuditService) {}

  async run(args: readonly string[], output: CliOutput): Promise<number> {
    const { values } = parseArgs({
      args: [...args],
      options: { json: { type: 'boolean', default: false } },
      strict: true,
    });
    const result = await this.audit.verifyChain();
    if (values.json) {
      output.out(JSON.stringify(result));
    } else if (result.valid) {
      output.out(
        `Audit chain intact: ${result.checked} event(s) verified` +
          (result.headHash ? `; newest hash ${result.headHash}` : ''),
      );
    } else {
      output.out(
        `Audit chain BROKEN at event ${result.firstBrokenEventId} (sequence ${result.firstBrokenSequence}): ` +
          `${EXPLANATIONS[result.reason!]}. ${result.checked} event(s) examined.`,
      );
    }
    return result.valid ? 0 : 1;
  }
}
