import { StoredChainEvent, verifyChain } from 'src/modules/audit/chain/chain-verifier';
import { GENESIS_HASH, hashEvent } from 'src/modules/audit/chain/event-hash';

/** A well-formed chain of `count` events, sequences from `firstSequence`, after `prevHash`. */
function chain(count: number, prevHash = GENESIS_HASH, firstSequence = 1): StoredChainEvent[] {
  const events: StoredChainEvent[] = [];
  for (let index = 0; index < count; index++) {
    const sequence = firstSequence + index;
    const fields = {
      id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
      occurredAt: `2026-03-01T12:00:${String(index % 60).padStart(2, '0')}.000000Z`,
      actorType: 'user' as const,
      actorId: 'u-1',
      action: 'expense.created',
      resourceType: 'expense',
      resourceId: `e-${sequence}`,
      outcome: 'success' as const,
      requestId: null,
      ip: null,
      userAgent: null,
      subjectUserId: null,
      details: { amount: String(sequence) },
      prevHash: events.at(-1)?.hash ?? prevHash,
    };
    events.push({ ...fields, sequence: String(sequence), hash: hashEvent(fields) });
  }
  return events;
}

/** What the repository yields: one page of events at a time, each read awaited. */
async function* inBatches(
  events: StoredChainEvent[],
  size: number,
): AsyncGenerator<StoredChainEvent[]> {
  for (let start = 0; start < events.length; start += size) {
    yield await Promise.resolve(events.slice(start, start + size));
  }
}

describe('verifyChain', () => {
  it('accepts an intact chain across batches and reports the newest hash', async () => {
    const events = chain(7);
    await expect(verifyChain(undefined, inBatches(events, 3))).resolves.toEqual({
      valid: true,
      checked: 7,
      headHash: events[6].hash,
    });
  });

  it('accepts an empty trail', async () => {
    await expect(verifyChain(undefined, inBatches([], 3))).resolves.toEqual({
      valid: true,
      checked: 0,
    });
  });

  it('names an event whose contents were altered', async () => {
    const events = chain(5);
    events[2] = { ...events[2], details: { amount: '1000000' } };
    await expect(verifyChain(undefined, inBatches(events, 2))).resolves.toEqual({
      valid: false,
      checked: 3,
      firstBrokenEventId: events[2].id,
      firstBrokenSequence: '3',
      reason: 'hash_mismatch',
    });
  });

  it('names the event after one that was deleted', async () => {
    const events = chain(5);
    const withoutThird = [...events.slice(0, 2), ...events.slice(3)];
    await expect(verifyChain(undefined, inBatches(withoutThird, 10))).resolves.toMatchObject({
      valid: false,
      firstBrokenEventId: events[3].id,
      reason: 'broken_link',
    });
  });

  it('names the event after one that was rewritten with a fresh hash', async () => {
    const events = chain(4);
    const forged = { ...events[1], resourceId: 'forged' };
    events[1] = { ...forged, hash: hashEvent(forged) };
    await expect(verifyChain(undefined, inBatches(events, 10))).resolves.toMatchObject({
      valid: false,
      firstBrokenEventId: events[2].id,
      reason: 'broken_link',
    });
  });

  it('notices that the first event is gone when nothing was pruned', async () => {
    const events = chain(3);
    await expect(verifyChain(undefined, inBatches(events.slice(1), 10))).resolves.toMatchObject({
      valid: false,
      firstBrokenEventId: events[1].id,
      reason: 'broken_link',
    });
  });

  it('starts after a prune from the anchor, the last pruned event', async () => {
    const events = chain(6);
    const anchor = { throughSequence: '3', hash: events[2].hash };
    await expect(verifyChain(anchor, inBatches(events.slice(3), 2))).resolves.toEqual({
      valid: true,
      checked: 3,
      headHash: events[5].hash,
    });
  });

  it('refuses a remaining chain that does not continue from the anchor', async () => {
    const events = chain(6);
    const anchor = { throughSequence: '3', hash: events[2].hash };
    await expect(verifyChain(anchor, inBatches(events.slice(4), 2))).resolves.toMatchObject({
      valid: false,
      firstBrokenEventId: events[4].id,
      reason: 'broken_link',
    });
  });

  it('refuses an anchor that claims events were pruned which are still there', async () => {
    const events = chain(6);
    const anchor = { throughSequence: '6', hash: events[5].hash };
    await expect(verifyChain(anchor, inBatches(events, 2))).resolves.toEqual({
      valid: false,
      checked: 1,
      firstBrokenEventId: events[0].id,
      firstBrokenSequence: '1',
      reason: 'anchor_mismatch',
    });
  });

  it('stops reading at the first broken event', async () => {
    const events = chain(6);
    events[0] = { ...events[0], action: 'expense.deleted' };
    let batchesRead = 0;
    async function* counting(): AsyncGenerator<StoredChainEvent[]> {
      for await (const batch of inBatches(events, 2)) {
        batchesRead++;
        yield batch;
      }
    }
    await expect(verifyChain(undefined, counting())).resolves.toMatchObject({ checked: 1 });
    expect(batchesRead).toBe(1);
  });
});
