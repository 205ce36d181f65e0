import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BrokenLinkReason } from 'src/modules/audit/audit.types';

const REASONS: BrokenLinkReason[] = ['hash_mismatch', 'broken_link', 'anchor_mismatch'];

export class ChainVerificationDto {
  @ApiProperty()
  valid!: boolean;

  @ApiProperty({ description: 'Events examined, up to and including the first broken one' })
  checked!: number;

  @ApiPropertyOptional({ format: 'uuid' })
  firstBrokenEventId?: string;

  @ApiPropertyOptional()
  firstBrokenSequence?: string;

  @ApiPropertyOptional({
    enum: REASONS,
    description:
      'hash_mismatch: the event was altered; broken_link: an event before it was removed, ' +
      'inserted or rewritten; anchor_mismatch: an event the last prune removed is still there',
  })
  reason?: BrokenLinkReason;

  @ApiPropertyOptional({ description: 'Hash of the newest event, when the chain is valid' })
  headHash?: string;
}
