import { Injectable } from '@nestjs/common';

/** Set once a termination signal arrives, so readiness can fail before the server drains. */
@Injectable()
export class ShutdownState {
  private shuttingDown = false;

  begin(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}
