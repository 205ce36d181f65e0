import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';

/** Waits for route handlers still running once the HTTP server has closed (see ShutdownSequence). */
@Injectable()
export class HandlerDrain {
  private readonly logger = new Logger('Shutdown');

  constructor(
    private readonly state: ShutdownState,
    private readonly config: AppConfig,
  ) {}

  async drain(): Promise<void> {
    if (this.state.handlersRunning === 0) return;
    this.logger.log(`Waiting for ${this.state.handlersRunning} running handler(s)`);
    if (!(await this.state.drained(this.config.shutdown.timeoutMs))) {
      this.logger.warn(`${this.state.handlersRunning} handler(s) still running; closing anyway`);
    }
  }
}
