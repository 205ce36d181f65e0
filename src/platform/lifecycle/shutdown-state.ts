import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What shutdown needs to know: whether it has begun (readiness fails from then on) and how
 * many route handlers are still running (the pool must outlive them, even when their client
 * has already hung up and the HTTP server has nothing left to wait for).
 */
@Injectable()
export class ShutdownState {
  private shuttingDown = false;
  private running = 0;

  begin(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  get handlersRunning(): number {
    return this.running;
  }

  handlerStarted(): void {
    this.running++;
  }

  handlerFinished(): void {
    this.running--;
  }

  /** Resolves once no handler is running, or after `timeoutMs`; true when drained. */
  async drained(timeoutMs: number): Promise<boolean> {
    for (let waited = 0; this.running > 0; waited += 20) {
      if (waited >= timeoutMs) return false;
      await sleep(20);
    }
    return true;
  }
}
