import { ChainedEventFields, GENESIS_HASH, hashEvent } from 'src/modules/audit/chain/event-hash';
import { ChainVerification } from 'src/modules/audit/audit.types';

/** A stored event as the verifier reads it. */
export interface StoredChainEvent extends ChainedEventFields {
  sequence: string;
  hash: string;
}

/** Where the remaining chain begins after pruning: the last pruned event. */
export interface ChainAnchor {
  throughSequence: string;
  hash: string;
}

/**
 * Walks the stored events in sequence order, batch by batch, and names the first one that
 * breaks the chain: its contents no longer give its hash, or it does not point at the hash
 * before it (the anchor's, for the first event after a prune; all zeros at the very start).
 * Only one batch is held at a time.
 */
export async function verifyChain(
  anchor: ChainAnchor | undefined,
  batches: AsyncIterable<readonly StoredChainEvent[]>,
): Promise<ChainVerification> {
  let expectedPrevHash = anchor?.hash ?? GENESIS_HASH;
  const prunedThrough = anchor ? BigInt(anchor.throughSequence) : undefined;
  let checked = 0;
  let headHash: string | undefined;

  for await (const batch of batches) {
    for (const event of batch) {
      checked++;
      const broken = (reason: NonNullable<ChainVerification['reason']>): ChainVerification => ({
        valid: false,
        checked,
        firstBrokenEventId: event.id,
        firstBrokenSequence: event.sequence,
        reason,
      });
      if (prunedThrough !== undefined && BigInt(event.sequence) <= prunedThrough) {
        return broken('anchor_mismatch');
      }
      if (event.prevHash !== expectedPrevHash) return broken('broken_link');
      if (hashEvent(event) !== event.hash) return broken('hash_mismatch');
      expectedPrevHash = event.hash;
      headHash = event.hash;
    }
  }
  return { valid: true, checked, ...(headHash ? { headHash } : {}) };
}
