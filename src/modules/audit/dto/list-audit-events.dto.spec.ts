import { ListAuditEventsQuery } from 'src/modules/audit/dto/list-audit-events.dto';
import { AppException, FieldError } from 'src/platform/errors/app.exception';
import { createValidationPipe } from 'src/platform/errors/validation.pipe';

const pipe = createValidationPipe();

function parse(query: Record<string, unknown>): Promise<ListAuditEventsQuery> {
  return pipe.transform(query, {
    type: 'query',
    metatype: ListAuditEventsQuery,
  }) as Promise<ListAuditEventsQuery>;
}

async function fieldErrors(query: Record<string, unknown>): Promise<FieldError[]> {
  try {
    await parse(query);
  } catch (error) {
    if (error instanceof AppException && error.code === 'VALIDATION_FAILED') {
      return error.options.errors ?? [];
    }
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(query)}`);
}

describe('ListAuditEventsQuery', () => {
  it('accepts a full query and applies the default page size', async () => {
    const query = await parse({
      actorType: 'user',
      actorId: '5a1d7c2e-3b4f-4e6a-8c9d-0e1f2a3b4c5d',
      action: 'auth.*',
      resourceType: 'api_key',
      resourceId: 'k-1',
      subjectUserId: '5a1d7c2e-3b4f-4e6a-8c9d-0e1f2a3b4c5d',
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-01T01:00:00.250+01:00',
    });
    expect(query).toBeInstanceOf(ListAuditEventsQuery);
    expect(query.limit).toBe(20);
    expect(query.action).toBe('auth.*');
  });

  it('accepts an empty query and an equal from and to', async () => {
    await expect(parse({})).resolves.toBeInstanceOf(ListAuditEventsQuery);
    await expect(
      parse({ from: '2026-03-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }),
    ).resolves.toBeInstanceOf(ListAuditEventsQuery);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a date without a time', { from: '2026-03-01' }, 'from'],
    ['a time without an offset', { from: '2026-03-01T10:00:00' }, 'from'],
    ['an impossible date', { to: '2026-02-30T10:00:00Z' }, 'to'],
    ['not a date at all', { from: 'yesterday' }, 'from'],
    ['to before from', { from: '2026-03-02T00:00:00Z', to: '2026-03-01T23:59:59Z' }, 'to'],
    ['an unknown actor type', { actorType: 'robot' }, 'actorType'],
    ['an actor id without its type', { actorId: 'u-1' }, 'actorType'],
    ['an empty actor id', { actorType: 'user', actorId: '' }, 'actorId'],
    ['an overlong actor id', { actorType: 'user', actorId: 'x'.repeat(101) }, 'actorId'],
    ['an action with capitals', { action: 'Auth.Login' }, 'action'],
    ['a wildcard in the middle', { action: 'auth.*.failed' }, 'action'],
    ['an SQL pattern', { action: 'auth.%' }, 'action'],
    ['an overlong action', { action: `a.${'b'.repeat(100)}` }, 'action'],
    ['a resource id without its type', { resourceId: 'k-1' }, 'resourceType'],
    ['a malformed resource type', { resourceType: 'Api-Key' }, 'resourceType'],
    [
      'an overlong resource id',
      { resourceType: 'user', resourceId: 'x'.repeat(101) },
      'resourceId',
    ],
    ['a subject that is not a uuid', { subjectUserId: 'me' }, 'subjectUserId'],
    ['a repeated parameter', { action: ['auth.*', 'account.*'] }, 'action'],
    ['a page too large', { limit: '101' }, 'limit'],
    ['an unknown filter', { outcome: 'failure' }, 'outcome'],
  ])('refuses %s', async (_, query, field) => {
    const errors = await fieldErrors(query);
    expect(errors.map((error) => error.field)).toContain(field);
  });

  it('explains a reversed range in words', async () => {
    const errors = await fieldErrors({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    expect(errors).toEqual([{ field: 'to', messages: ['to must not be before from'] }]);
  });
});
