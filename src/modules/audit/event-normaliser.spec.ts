import { AuditEventInput } from 'src/modules/audit/audit.types';
import { actorFromContext, normaliseEvent } from 'src/modules/audit/event-normaliser';
import { RequestContext } from 'src/platform/logging/request-context';

const ID = '0b6f5f4e-8f5a-4a57-9d5e-2f1c3b4a5d6e';
const USER = '5a1d7c2e-3b4f-4e6a-8c9d-0e1f2a3b4c5d';
const base: AuditEventInput = {
  action: 'expense.created',
  resourceType: 'expense',
  resourceId: 'e-1',
};
const request: RequestContext = {
  id: 'req-7',
  ip: '198.51.100.4',
  headers: { 'user-agent': 'Mozilla/5.0' },
  principal: { kind: 'user', userId: USER, role: 'user' },
};

describe('normaliseEvent', () => {
  it('takes actor, subject, request id, address and user agent from the request', () => {
    expect(normaliseEvent(base, request, ID)).toEqual({
      id: ID,
      actorType: 'user',
      actorId: USER,
      action: 'expense.created',
      resourceType: 'expense',
      resourceId: 'e-1',
      outcome: 'success',
      requestId: 'req-7',
      ip: '198.51.100.4',
      userAgent: 'Mozilla/5.0',
      subjectUserId: USER,
      details: {},
    });
  });

  it('lets the caller override each of them, including with null', () => {
    const event = normaliseEvent(
      {
        ...base,
        outcome: 'failure',
        actor: { type: 'anonymous', id: null },
        subjectUserId: null,
        requestId: 'job-1',
        ip: null,
        userAgent: null,
      },
      request,
      ID,
    );
    expect(event).toMatchObject({
      actorType: 'anonymous',
      actorId: null,
      outcome: 'failure',
      subjectUserId: null,
      requestId: 'job-1',
      ip: null,
      userAgent: null,
    });
  });

  it('bounds what comes from outside instead of failing on it', () => {
    const event = normaliseEvent(
      {
        ...base,
        resourceId: 'r'.repeat(300),
        userAgent: `ua\u0000${'u'.repeat(600)}`,
        ip: 'not-an-ip',
      },
      request,
      ID,
    );
    expect(event.resourceId).toHaveLength(100);
    expect(event.userAgent).toHaveLength(511);
    expect(event.userAgent!.startsWith('uau')).toBe(true);
    expect(event.ip).toBeNull();
  });

  it('stores the subject in lower case, as PostgreSQL returns uuids', () => {
    expect(
      normaliseEvent({ ...base, subjectUserId: USER.toUpperCase() }, request, ID).subjectUserId,
    ).toBe(USER);
  });

  it.each<[string, Partial<AuditEventInput>]>([
    ['an action without a dot', { action: 'created' }],
    ['an action in capitals', { action: 'Expense.Created' }],
    ['a resource type with a dot', { resourceType: 'expense.item' }],
    ['an unknown outcome', { outcome: 'maybe' as never }],
    ['an unknown actor type', { actor: { type: 'robot' as never, id: null } }],
    ['a subject that is not a uuid', { subjectUserId: 'user-1' }],
  ])('refuses %s as a programming error', (_, change) => {
    expect(() => normaliseEvent({ ...base, ...change }, request, ID)).toThrow(TypeError);
  });
});

describe('actorFromContext', () => {
  it('is the system outside a request, anonymous before authentication', () => {
    expect(actorFromContext(undefined)).toEqual({ type: 'system', id: null });
    expect(actorFromContext({ id: 'r', ip: '', headers: {} })).toEqual({
      type: 'anonymous',
      id: null,
    });
  });

  it('is the API key for a machine client, the user otherwise', () => {
    expect(
      actorFromContext({
        id: 'r',
        ip: '',
        headers: {},
        principal: { kind: 'apiKey', userId: USER, apiKeyId: 'key-1', role: 'user', scopes: [] },
      }),
    ).toEqual({ type: 'api_key', id: 'key-1' });
    expect(actorFromContext(request)).toEqual({ type: 'user', id: USER });
  });
});
