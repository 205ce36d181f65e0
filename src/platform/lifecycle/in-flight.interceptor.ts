import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, finalize } from 'rxjs';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';

/** Counts running route handlers so shutdown can wait for them before closing the pool. */
@Injectable()
export class InFlightInterceptor implements NestInterceptor {
  constructor(private readonly state: ShutdownState) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    this.state.handlerStarted();
    return next.handle().pipe(finalize(() => this.state.handlerFinished()));
  }
}
