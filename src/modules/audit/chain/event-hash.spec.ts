import { createHash } from 'node:crypto';
import {
  canonicalEvent,
  canonicalJson,
  ChainedEventFields,
  formatTimestamp,
  GENESIS_HASH,
  hashEvent,
} from 'src/modules/audit/chain/event-hash';

const event: ChainedEventFields = {
  id: '0b6f5f4e-8f5a-4a57-9d5e-2f1c3b4a5d6e',
  occurredAt: '2026-03-01T12:00:00.123000Z',
  actorType: 'user',
  actorId: '5a1d7c2e-3b4f-4e6a-8c9d-0e1f2a3b4c5d',
  action: 'auth.login.succeeded',
  resourceType: 'user',
  resourceId: '5a1d7c2e-3b4f-4e6a-8c9d-0e1f2a3b4c5d',
  outcome: 'success',
  requestId: 'req-1',
  ip: '203.0.113.7',
  userAgent: 'curl/8.5.0',
  subjectUserId: '5a1d7c2e-3b4f-4e6a-8c9d-0e1f2a3b4c5d',
  details: { method: 'password', mfa: false },
  prevHash: GENESIS_HASH,
};

describe('event hash', () => {
  it('serialises every field in a fixed order, ending with the previous hash', () => {
    expect(canonicalEvent(event)).toBe(
      '["ledgerline.audit.v1","0b6f5f4e-8f5a-4a57-9d5e-2f1c3b4a5d6e","2026-03-01T12:00:00.123000Z",' +
        '"user","5a1d7c2e-3b4f-4e6a-8c9d-0e1f2a3b4c5d","auth.login.succeeded","user",' +
        '"5a1d7c2e-3b4f-4e6a-8c9d-0e1f2a3b4c5d","success","req-1","203.0.113.7","curl/8.5.0",' +
        '"5a1d7c2e-3b4f-4e6a-8c9d-0e1f2a3b4c5d",{"method":"password","mfa":false},' +
        `"${GENESIS_HASH}"]`,
    );
  });

  it('is the sha256 of that serialisation, in hex', () => {
    const expected = createHash('sha256').update(canonicalEvent(event)).digest('hex');
    expect(hashEvent(event)).toBe(expected);
    // Pinned: a change here means events hashed before it would no longer verify.
    expect(hashEvent(event)).toBe(
      '9e680e79164d2533c1a75ce8479e4f82706f4ba52a39ede4b560ba970ad1e14b',
    );
  });

  it('does not depend on the order in which detail keys were written', () => {
    const reordered = { ...event, details: { mfa: false, method: 'password' } };
    expect(hashEvent(reordered)).toBe(hashEvent(event));
    const nested = (a: unknown, b: unknown) => ({ ...event, details: { outer: { a, b } } });
    expect(hashEvent(nested(1, 2))).toBe(
      hashEvent({ ...event, details: { outer: { b: 2, a: 1 } } }),
    );
  });

  it.each<[string, Partial<ChainedEventFields>]>([
    ['the id', { id: '0b6f5f4e-8f5a-4a57-9d5e-2f1c3b4a5d6f' }],
    ['the time, below the millisecond', { occurredAt: '2026-03-01T12:00:00.123001Z' }],
    ['the actor type', { actorType: 'api_key' }],
    ['the actor id', { actorId: null }],
    ['the action', { action: 'auth.login.failed' }],
    ['the resource type', { resourceType: 'api_key' }],
    ['the resource id', { resourceId: null }],
    ['the outcome', { outcome: 'failure' }],
    ['the request id', { requestId: 'req-2' }],
    ['the ip', { ip: '203.0.113.8' }],
    ['the user agent', { userAgent: 'curl/8.5.1' }],
    ['the subject', { subjectUserId: null }],
    ['a detail', { details: { method: 'password', mfa: true } }],
    ['the previous hash', { prevHash: 'f'.repeat(64) }],
  ])('changes when %s changes', (_, change) => {
    expect(hashEvent({ ...event, ...change })).not.toBe(hashEvent(event));
  });

  it('tells a null field from an empty string, and field boundaries apart', () => {
    expect(hashEvent({ ...event, requestId: '' })).not.toBe(
      hashEvent({ ...event, requestId: null }),
    );
    expect(hashEvent({ ...event, requestId: 'a', ip: 'b' })).not.toBe(
      hashEvent({ ...event, requestId: 'ab', ip: null }),
    );
  });

  it('formats a time to the microsecond in UTC, as PostgreSQL stores it', () => {
    expect(formatTimestamp(new Date('2026-03-01T13:00:00.045+01:00'))).toBe(
      '2026-03-01T12:00:00.045000Z',
    );
  });

  it('writes canonical JSON with sorted keys at every depth and no undefined', () => {
    expect(canonicalJson({ b: [{ z: 1, a: null }], a: 'x', c: undefined })).toBe(
      '{"a":"x","b":[{"a":null,"z":1}],"c":null}',
    );
  });
});
