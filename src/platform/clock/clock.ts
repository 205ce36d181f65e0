import { Injectable } from '@nestjs/common';

/**
 * The current time, injected wherever a rule or a stored value depends on it, so tests can
 * freeze it and assert exact values. Also the injection token (an abstract class survives
 * compilation, an interface does not).
 */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
