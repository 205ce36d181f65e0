import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HandlerDrain } from 'src/platform/lifecycle/handler-drain';
import { InFlightInterceptor } from 'src/platform/lifecycle/in-flight.interceptor';
import { ShutdownState } from 'src/platform/lifecycle/shutdown-state';

@Global()
@Module({
  providers: [
    ShutdownState,
    HandlerDrain,
    { provide: APP_INTERCEPTOR, useClass: InFlightInterceptor },
  ],
  exports: [ShutdownState],
})
export class LifecycleModule {}
