import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrencyLimit } from 'src/platform/crypto/concurrency-limit';

describe('ConcurrencyLimit', () => {
  it('never runs more than the limit at once, and runs everything in order', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limit.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(5);
          order.push(i);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toHaveLength(7);
    expect(order.slice(0, 2).sort()).toEqual([0, 1]);
  });

  it('frees the slot when a task fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(() => Promise.resolve(42))).resolves.toBe(42);
  });
});
