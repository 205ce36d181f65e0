import { MemoryWindowCounter } from 'src/platform/rate-limit/memory-window-counter';

describe('MemoryWindowCounter', () => {
  let now: number;
  let counter: MemoryWindowCounter;

  beforeEach(() => {
    now = 1_000_000;
    counter = new MemoryWindowCounter(() => now, 3);
  });

  afterEach(() => {
    counter.clear();
  });

  it('counts hits within a fixed window and starts a new one when it ends', () => {
    expect(counter.hit('a', 60_000)).toEqual({ count: 1, resetAt: 1_060_000 });
    now += 30_000;
    expect(counter.hit('a', 60_000)).toEqual({ count: 2, resetAt: 1_060_000 });
    now += 29_999;
    expect(counter.hit('a', 60_000)).toEqual({ count: 3, resetAt: 1_060_000 });
    now += 1;
    expect(counter.hit('a', 60_000)).toEqual({ count: 1, resetAt: 1_120_000 });
  });

  it('keeps keys apart', () => {
    counter.hit('a', 60_000);
    counter.hit('a', 60_000);
    expect(counter.hit('b', 60_000).count).toBe(1);
  });

  it('sweeps windows that have ended', () => {
    counter.hit('short', 1000);
    counter.hit('long', 60_000);
    now += 1000;
    counter.sweep();
    expect(counter.size).toBe(1);
    expect(counter.hit('long', 60_000).count).toBe(2);
  });

  it('drops the oldest key when full', () => {
    counter.hit('a', 60_000);
    counter.hit('a', 60_000);
    counter.hit('b', 60_000);
    counter.hit('c', 60_000);
    counter.hit('d', 60_000);
    expect(counter.size).toBe(3);
    expect(counter.hit('a', 60_000).count).toBe(1);
  });
});
