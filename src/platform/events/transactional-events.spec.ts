import { EntityManager } from 'typeorm';
import {
  defineTransactionalEvent,
  TransactionalEvents,
} from 'src/platform/events/transactional-events';

const Renamed = defineTransactionalEvent<{ id: string }, string>('test.renamed');
const Other = defineTransactionalEvent<{ id: string }>('test.other');

function managerOf(isTransactionActive: boolean): EntityManager {
  return { queryRunner: { isTransactionActive } } as unknown as EntityManager;
}

describe('TransactionalEvents', () => {
  it('runs the handlers of the event one after the other, in registration order, with the manager', async () => {
    const events = new TransactionalEvents();
    const manager = managerOf(true);
    const seen: string[] = [];
    events.on(Renamed, async (given, payload) => {
      expect(given).toBe(manager);
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(`first ${payload.id}`);
      return 'a';
    });
    events.on(Other, () => Promise.reject(new Error('not this event')));
    events.on(Renamed, (_, payload) => {
      seen.push(`second ${payload.id}`);
      return Promise.resolve('b');
    });
    await expect(events.raise(manager, Renamed, { id: '1' })).resolves.toEqual(['a', 'b']);
    expect(seen).toEqual(['first 1', 'second 1']);
  });

  it('answers nothing for an event without handlers', async () => {
    await expect(
      new TransactionalEvents().raise(managerOf(true), Other, { id: '1' }),
    ).resolves.toEqual([]);
  });

  it('stops at the first handler that fails, so the raiser rolls back', async () => {
    const events = new TransactionalEvents();
    const later = jest.fn(() => Promise.resolve('later'));
    events.on(Renamed, () => Promise.reject(new Error('failed')));
    events.on(Renamed, later);
    await expect(events.raise(managerOf(true), Renamed, { id: '1' })).rejects.toThrow('failed');
    expect(later).not.toHaveBeenCalled();
  });

  it('refuses to run outside a transaction', async () => {
    const events = new TransactionalEvents();
    const handler = jest.fn(() => Promise.resolve('x'));
    events.on(Renamed, handler);
    await expect(events.raise(managerOf(false), Renamed, { id: '1' })).rejects.toThrow(
      'test.renamed must be raised with the EntityManager of an open transaction',
    );
    expect(handler).not.toHaveBeenCalled();
  });
});
