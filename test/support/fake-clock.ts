import { Clock } from 'src/platform/clock/clock';

/** A clock that stands still until told to move. */
export class FakeClock extends Clock {
  private current: Date;

  constructor(start: Date | string = '2026-03-01T12:00:00.000Z') {
    super();
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to);
  }

  advance(milliseconds: number): Date {
    this.current = new Date(this.current.getTime() + milliseconds);
    return this.now();
  }
}
