import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';

/**
 * Runs after the HTTP server has closed and before TypeORM closes the pool (see
 * HandlerDrainModule): handlers whose clients left still finish their database work.
 */
@Injectable()
export class HandlerDrain implements OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(
    private readonly state: ShutdownState,
    private readonly config: AppConfig,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.state.handlersRunning === 0) return;
    this.logger.log(`Waiting for ${this.state.handlersRunning} running handler(s)`);
    if (!(await this.state.drained(this.config.shutdown.timeoutMs))) {
      this.logger.warn(`${this.state.handlersRunning} handler(s) still running; closing anyway`);
    }
  }
}
